/**
 * Synthetic OCDS notices for the alerts run at scale (bench/alerts.ts, tests): each notice is drawn from one
 * organisation of the given set, as a commissioner's notice for services like it would be — 1 to 3 CPV codes from
 * that organisation's services (2 or 3 when it has them, so most notices need more than one provider), delivered in
 * one of its areas, worth 0.2 to 1.5 times its turnover (so some need a partner to pass the turnover test), with a
 * deadline 3 to 8 weeks after publication. Seeded: the same organisations, count and seed give the same notices.
 * Pure: returns a release package; the caller writes it where the feed reads.
 */
import type { Organisation } from '../organisations/schema.ts';
import { Rng } from './prng.ts';

export interface NoticeOptions {
  count: number;
  seed: number;
  /** ocid and id prefix, default "ocds-gen" */
  idPrefix?: string;
  /** publication date of the first notice (ISO 8601); each next one a minute later */
  publishedFrom?: string;
}

const DAY = 24 * 3600 * 1000;

/** An OCDS release package of `count` tender releases drawn from `orgs` (organisations with no service are skipped). */
export function generateNotices(orgs: readonly Organisation[], options: NoticeOptions): { releases: unknown[] } {
  const withServices = orgs.filter((o) => o.services.length > 0 && o.areas.length > 0);
  if (withServices.length === 0) throw new Error('demo/notices: no organisation has services and areas to draw notices from');
  const prefix = options.idPrefix ?? 'ocds-gen';
  const start = Date.parse(options.publishedFrom ?? '2026-12-01T09:00:00Z');
  const releases: unknown[] = [];
  for (let i = 0; i < options.count; i++) {
    const rng = Rng.derive(options.seed, 'notice', i);
    const org = rng.pick(withServices);
    const codes = rng.sample(org.services, Math.min(org.services.length, rng.int(1, 3)));
    const area = rng.pick(org.areas);
    const turnover = org.annualTurnoverGbp ?? 250_000;
    const amount = Math.max(10_000, Math.round((turnover * (0.2 + 1.3 * rng.next())) / 1000) * 1000);
    const published = new Date(start + i * 60_000);
    const deadline = new Date(published.getTime() + rng.int(21, 56) * DAY);
    const n = String(i + 1).padStart(6, '0');
    releases.push({
      ocid: `${prefix}-${n}`,
      id: `${prefix}-${n}-r1`,
      date: published.toISOString(),
      tag: ['tender'],
      tender: {
        id: `${prefix}-T${n}`,
        title: `Services ${codes.join(', ')} in ${area} (${n})`,
        status: 'active',
        value: { amount, currency: 'GBP' },
        classification: { scheme: 'CPV', id: codes[0] },
        tenderPeriod: { endDate: deadline.toISOString() },
        items: codes.map((code, k) => ({
          id: String(k + 1),
          classification: { scheme: 'CPV', id: code },
          deliveryAddresses: [{ region: area }],
        })),
      },
    });
  }
  return { releases };
}
