/**
 * A digest of the embedded store's answers, to show a memory or start-up change leaves them byte-identical
 * (issue 18): 200 `findPartners` answers, filters, a search, partnership neighbourhoods and pages of organisations
 * at `--count` generated organisations, loaded in batches (as bench/match.ts does) and again restarted from a
 * SQLite file (as bench/restart.ts does); and the nightly refresh's lists (src/refresh/compute-lists.ts computeList,
 * general fit: no tender) of every one of those organisations and of `--count` organisations at the refresh
 * benchmark's density (bench/incremental.ts). Run before and after a change; the `sha256` lines must be equal.
 *   npx tsx bench/answers-digest.ts [--count 20000] [--seed 7]
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pino from 'pino';
import { generateOrganisations } from '../src/demo/generate.ts';
import { findPartners } from '../src/matching/find-partners.ts';
import { prepareForMatching } from '../src/matching/profile.ts';
import type { Organisation } from '../src/organisations/schema.ts';
import { defaultReference } from '../src/reference/load.ts';
import { buildSnapshot, computeList, type ListOptions } from '../src/refresh/compute-lists.ts';
import { REFRESH_DEFAULTS } from '../src/refresh/settings.ts';
import { noEvents } from '../src/shared/deps.ts';
import { EmbeddedStore } from '../src/store/embedded/embedded-store.ts';
import { openDataDirectory } from '../src/store/embedded/persistence/store-file.ts';
import type { Store } from '../src/store/types.ts';
import { placesFor, syntheticOrganisations } from '../tests/support/refresh-dataset.ts';
import { matchRequests } from './requests.ts';

const { values } = parseArgs({ options: { count: { type: 'string', default: '20000' }, seed: { type: 'string', default: '7' } } });
const count = Number(values.count);
const seed = Number(values.seed);
const ref = defaultReference();
const NOW = new Date('2026-06-01T00:00:00Z');
const orgs = generateOrganisations(ref, { count, seed });
const requests = matchRequests(orgs, ref, 200, seed);

async function answers(store: Store): Promise<string> {
  const hash = createHash('sha256');
  const add = (x: unknown) => hash.update(JSON.stringify(x) + '\n');
  const deps = { store, ref, now: () => NOW, events: noEvents, logger: pino({ level: 'silent' }) };
  for (const request of requests) add(await findPartners(deps, request));
  const some = orgs.slice(0, 50);
  add(await store.filterOrganisations({ words: [], serviceCodes: some[0].services, offset: 0, limit: 100 }));
  add(await store.filterOrganisations({ words: [], areaCodes: some[1].areas, kinds: ['charity'], offset: 5, limit: 50 }));
  add(await store.filterOrganisations({ words: [], sizeBands: ['small'], openToPartnering: true, offset: 0, limit: 30 }));
  add(await store.searchOrganisations({ words: ['care'], offset: 0, limit: 50 }));
  add(await store.searchOrganisations({ words: [], areaCodes: some[2].areas, offset: 10, limit: 50 }));
  add(
    await store.partnershipsAround(
      some.map((o) => o.id),
      1,
    ),
  );
  add(
    await store.partnershipsAround(
      some.slice(0, 5).map((o) => o.id),
      2,
    ),
  );
  add(await store.listOrganisations(0, 100));
  add(await store.listOrganisations(count - 50, 100));
  add(await store.getOrganisations(some.map((o) => o.id)));
  add(await store.findCandidates({ serviceCodes: some[3].services, areaCodes: some[3].areas, excludeIds: [some[3].id], limit: 500 }));
  return hash.digest('hex');
}

/** Every organisation's refresh list, in id order. */
function lists(organisations: readonly Organisation[]): string {
  const hash = createHash('sha256');
  const snapshot = buildSnapshot(ref, organisations);
  const options: ListOptions = {
    topK: REFRESH_DEFAULTS.topK,
    maxCandidates: REFRESH_DEFAULTS.maxCandidates,
    asOf: NOW,
    computedAt: NOW.toISOString(),
  };
  for (const org of [...snapshot.byId.values()].sort((a, b) => (a.id < b.id ? -1 : 1)))
    hash.update(JSON.stringify(computeList(ref, snapshot, org, options)) + '\n');
  return hash.digest('hex');
}

console.log(JSON.stringify({ digest: 'refresh lists', count, sha256: lists(orgs) }));
const dense = syntheticOrganisations(ref, {
  count,
  seed,
  idPrefix: 'DIG-',
  lads: placesFor(ref, Math.max(1, Math.round(count / 338))),
  reach: [0.6, 0.25, 0.15 - Math.min(0.5, 500 / count), Math.min(0.5, 500 / count)],
});
console.log(JSON.stringify({ digest: 'refresh lists, refresh density', count, sha256: lists(dense) }));

const loaded = new EmbeddedStore({ prepare: prepareForMatching(ref) });
for (let i = 0; i < orgs.length; i += 5000) await loaded.upsertOrganisations(orgs.slice(i, i + 5000));
console.log(JSON.stringify({ digest: 'loaded in batches', count, sha256: await answers(loaded) }));
const dir = mkdtempSync(join(tmpdir(), 'consortia-digest-'));
try {
  const persistence = openDataDirectory(dir);
  await new EmbeddedStore({ persistence }).upsertOrganisations(orgs);
  persistence.close();
  const restarted = new EmbeddedStore({ persistence: openDataDirectory(dir), prepare: prepareForMatching(ref) });
  await restarted.whenPrepared();
  console.log(JSON.stringify({ digest: 'restarted from the file', count, sha256: await answers(restarted) }));
  await restarted.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
