/**
 * The digest core (src/alerts/digest.ts) on hand-built organisations in Bolton: who could bid alone, who with which
 * partners and why, vetoes either way, preferences, and who is left out.
 */
import { describe, expect, it } from 'vitest';
import { digestNotice, noticeFacts, passesPreferences } from '../../../src/alerts/digest.ts';
import { defaultPreferences } from '../../../src/alerts/preferences.ts';
import type { AlertPreferences } from '../../../src/alerts/types.ts';
import { profileOf } from '../../../src/matching/profile.ts';
import type { Organisation } from '../../../src/organisations/schema.ts';
import { defaultReference } from '../../../src/reference/load.ts';
import { buildOrganisation, buildTender } from '../../builders.ts';

const ref = defaultReference();
const BOLTON = 'E08000001';
const CORNWALL = 'E06000052';
const CHILDREN = '85311300';
const HOME_CARE = '85312400';
const now = new Date('2026-12-05T12:00:00Z');
const at = '2026-12-05T12:00:00.000Z';

// £1m over one year: the turnover test is £2m
const tender = buildTender({
  id: 'T-BOLTON',
  title: 'Family support and home care',
  cpvCodes: [CHILDREN, HOME_CARE],
  deliveryAreas: [BOLTON],
  valueGbp: 1_000_000,
});
const org = (id: string, over: Partial<Organisation>): Organisation =>
  buildOrganisation({ id, name: id, baseArea: BOLTON, areas: [BOLTON], ...over });

function run(orgs: Organisation[], prefs: AlertPreferences[] = []) {
  const facts = noticeFacts(tender, 'v1', ref, now);
  return digestNotice(
    facts,
    orgs.map((o) => profileOf(o, ref)),
    new Map(prefs.map((p) => [p.organisationId, p])),
    ref,
    at,
  );
}

const both = org('GB-ALL', { services: [CHILDREN, HOME_CARE], annualTurnoverGbp: 3_000_000 });
const childrenOnly = org('GB-KIDS', { services: [CHILDREN], annualTurnoverGbp: 500_000 });
const homeCare = org('GB-HOME', { services: [HOME_CARE], annualTurnoverGbp: 2_000_000 });
const education = org('GB-EDU', { services: ['80000000'] });
const faraway = org('GB-FAR', { services: [CHILDREN, HOME_CARE], baseArea: CORNWALL, areas: [CORNWALL], annualTurnoverGbp: 9_000_000 });

describe('digestNotice', () => {
  it('when one provider delivers every service there with the turnover, then it could bid alone, naming what it delivers and where', () => {
    const entries = run([both, education, faraway]);
    expect(entries.map((e) => [e.organisationId, e.fit, e.partners])).toEqual([['GB-ALL', 'alone', []]]);
    const [entry] = entries;
    expect(entry).toMatchObject({ tenderId: 'T-BOLTON', tenderVersion: 'v1', title: tender.title, valueGbp: 1_000_000, createdAt: at });
    expect(entry.reasons[0]).toMatch(/^You deliver 85311300 .* and 85312400 /);
    expect(entry.reasons).toContain('You work in Bolton, where it is delivered');
    expect(entry.reasons).toContain('Your turnover (£3.0m) passes the £2.0m test');
  });

  it('when a provider delivers only part of it, then it could bid with the partner that fills the gap, with a reason true on inspection', () => {
    const entries = run([both, childrenOnly, homeCare]);
    const kids = entries.find((e) => e.organisationId === 'GB-KIDS');
    expect(kids?.fit).toBe('with-partners');
    // both deliver home care in Bolton; the larger turnover comes first on a tie of presence
    expect(kids?.partners.map((p) => p.id)).toEqual(['GB-ALL']);
    expect(kids?.partners[0]?.reason).toBe(`Covers ${ref.cpv.describe(HOME_CARE)}, which you do not`);
    expect(kids?.reasons).toContain(`You do not list ${ref.cpv.describe(HOME_CARE)}`);
    // the home-care provider passes the turnover test but lacks the children's services
    const home = entries.find((e) => e.organisationId === 'GB-HOME');
    expect(home?.partners.map((p) => [p.id, p.reason])).toEqual([['GB-ALL', `Covers ${ref.cpv.describe(CHILDREN)}, which you do not`]]);
  });

  it('when either side refuses to work with the other, then that partner is never suggested', () => {
    const refusing = { ...childrenOnly, private: { doNotPartnerWith: ['GB-ALL'], redLines: [], bidPlans: [] } } as Organisation;
    expect(
      run([both, refusing, homeCare])
        .find((e) => e.organisationId === 'GB-KIDS')
        ?.partners.map((p) => p.id),
    ).toEqual(['GB-HOME']);
    const refused = { ...both, private: { doNotPartnerWith: ['GB-KIDS'], redLines: [], bidPlans: [] } } as Organisation;
    expect(
      run([refused, childrenOnly, homeCare])
        .find((e) => e.organisationId === 'GB-KIDS')
        ?.partners.map((p) => p.id),
    ).toEqual(['GB-HOME']);
  });

  it('when nobody there fills a gap, then the provider gets no entry (no partners can make the bid whole)', () => {
    expect(run([childrenOnly, faraway])).toEqual([]);
  });

  it('when the turnover alone falls short, then a partner bringing turnover is named with the figures', () => {
    const small = org('GB-SMALL', { services: [CHILDREN, HOME_CARE], annualTurnoverGbp: 100_000 });
    const entry = run([small, homeCare]).find((e) => e.organisationId === 'GB-SMALL');
    expect(entry?.fit).toBe('with-partners');
    expect(entry?.partners).toEqual([
      { id: 'GB-HOME', name: 'GB-HOME', reason: 'Brings a turnover of £2.0m towards the £2.0m the notice asks for' },
    ]);
  });

  it('when a sentence rests on synthetic demo facts (turnover, a service), then it says "(demo data)", and only then', () => {
    const demo = { kind: 'synthetic' } as const;
    const small = org('GB-SMALL', {
      services: [CHILDREN, HOME_CARE],
      annualTurnoverGbp: 100_000,
      provenance: { annualTurnoverGbp: demo, services: { [CHILDREN]: demo } },
    });
    const bigDemo = org('GB-HOME', { services: [HOME_CARE], annualTurnoverGbp: 2_000_000, provenance: { annualTurnoverGbp: demo } });
    const entry = run([small, bigDemo]).find((e) => e.organisationId === 'GB-SMALL');
    expect(entry?.partners[0].reason).toBe('Brings a turnover of £2.0m towards the £2.0m the notice asks for (demo data)');
    expect(entry?.reasons).toContain('Your turnover (£100k) is below the £2.0m the notice asks for (demo data)');
    // the sentence naming both services leans on the synthetic one; the places sentence rests on no synthetic fact
    expect(entry?.reasons.find((r) => r.startsWith('You deliver'))).toMatch(/\(demo data\)$/);
    expect(entry?.reasons.find((r) => r.startsWith('You work'))).not.toContain('demo data');
  });

  it("when preferences leave the notice out (minimum value, services, places, 'never'), then the organisation gets no entry", () => {
    const p = (over: Partial<AlertPreferences>): AlertPreferences => ({ ...defaultPreferences('GB-ALL'), ...over });
    expect(run([both], [p({ minimumValueGbp: 2_000_000 })])).toEqual([]);
    expect(run([both], [p({ frequency: 'never' })])).toEqual([]);
    expect(run([both], [p({ serviceCodes: ['80000000'] })])).toEqual([]);
    expect(run([both], [p({ areaCodes: [CORNWALL] })])).toEqual([]);
    expect(run([both], [p({ serviceCodes: ['85300000'], areaCodes: ['E08000010'], minimumValueGbp: 1_000_000 })])).toHaveLength(1);
  });

  it('when only VCSE-suitable or reserved notices are wanted, then a notice neither suitable nor reservable is left out', () => {
    const facts = noticeFacts({ ...tender, vcseSuitable: true }, 'v1', ref, now);
    expect(passesPreferences(facts, { ...defaultPreferences('x'), vcseSuitableOnly: true }, ref)).toBe(true);
    const construction = noticeFacts(buildTender({ cpvCodes: ['45000000'], deliveryAreas: [BOLTON] }), 'v1', ref, now);
    expect(passesPreferences(construction, { ...defaultPreferences('x'), vcseSuitableOnly: true }, ref)).toBe(false);
    expect(passesPreferences(construction, defaultPreferences('x'), ref)).toBe(true);
  });
});
