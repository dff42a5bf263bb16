/**
 * Where the embedded store's memory goes (issue 18): heap used after each structure is built, one at a time, for
 * `--count` generated organisations.
 *   node --expose-gc --import tsx bench/memory.ts [--count 100000] [--seed 7]
 */
import { parseArgs } from 'node:util';
import { loadavg } from 'node:os';
import { generateOrganisations } from '../src/demo/generate.ts';
import { normaliseOrganisation } from '../src/organisations/normalise.ts';
import { profileOf } from '../src/matching/profile.ts';
import { defaultReference } from '../src/reference/load.ts';
import { searchWords } from '../src/shared/search-words.ts';
import { CellIndex } from '../src/store/cell-index.ts';
import { CodeIndex } from '../src/store/code-index.ts';
import { PartnershipIndex } from '../src/store/partnership-index.ts';
import { SharedParts } from '../src/store/shared-parts.ts';
import { EmbeddedStore } from '../src/store/embedded/embedded-store.ts';
import { prepareForMatching } from '../src/matching/profile.ts';
import { machine, round, rssMb } from './stats.ts';

const { values } = parseArgs({ options: { count: { type: 'string', default: '100000' }, seed: { type: 'string', default: '7' } } });
const count = Number(values.count);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('bench/memory: run with node --expose-gc');
const heap = () => {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
};
const keep: unknown[] = [];
const mb = (bytes: number) => round(bytes / 1048576, 1);
const ref = defaultReference();
console.log(JSON.stringify({ bench: 'memory', machine: machine(), count, load: loadavg().map((l) => round(l, 1)) }));
let before = heap();
function step(name: string, build: () => unknown) {
  keep.push(build());
  const after = heap();
  console.log(JSON.stringify({ step: name, mb: mb(after - before), bytesPerOrganisation: Math.round((after - before) / count) }));
  before = after;
}
const orgs = generateOrganisations(ref, { count, seed: Number(values.seed) }).map((o) => normaliseOrganisation(o));
/** the store's map by id (its names and partner ids are read through it), counted with the records */
const byId = new Map(orgs.map((o) => [o.id, o]));
before = heap();
console.log(JSON.stringify({ step: 'organisations (normalised records)', mb: mb(before), rssMb: rssMb() }));
// Shares parts in place (the records are this script's own): a negative step, what sharing saves.
step('shared record parts (services, areas, values, ways of working, partner ids)', () => {
  const parts = new SharedParts();
  for (const o of orgs) parts.share(o, (id) => byId.get(id)?.id);
  return parts;
});
step('partnership index', () => {
  const index = new PartnershipIndex((id) => byId.get(id));
  for (const o of orgs) index.set(o);
  return index;
});
step('cell index', () => new CellIndex(orgs));
step('code indices (services, areas)', () => {
  const a = new CodeIndex((o) => o.services);
  const b = new CodeIndex((o) => o.areas);
  for (const o of orgs) {
    a.set(o);
    b.set(o);
  }
  return [a, b];
});
step('name words (per distinct name, words interned, as the store keeps them)', () => {
  const words = new Map<string, string>();
  const byName = new Map<string, string[]>();
  const intern = (w: string) => words.get(w) ?? (words.set(w, w), w);
  for (const o of orgs) if (!byName.has(o.name)) byName.set(o.name, searchWords(o.name).map(intern));
  return byName;
});
step('matching profiles', () => orgs.map((o) => profileOf(o, ref)));
keep.length = 0;
orgs.length = 0;
before = heap();
const store = new EmbeddedStore({ prepare: prepareForMatching(ref) });
const again = generateOrganisations(ref, { count, seed: Number(values.seed) });
for (let i = 0; i < again.length; i += 5000) await store.upsertOrganisations(again.slice(i, i + 5000));
again.length = 0;
const after = heap();
console.log(
  JSON.stringify({
    step: 'whole embedded store',
    mb: mb(after - before),
    bytesPerOrganisation: Math.round((after - before) / count),
    rssMb: rssMb(),
  }),
);
