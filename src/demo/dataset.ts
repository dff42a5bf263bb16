/**
 * The demo dataset (data/demo/README.md):
 * - Greater Manchester, real where the registers are: Trafford's charities with their Charity Commission area of
 *   operation, Oldham's CQC-registered providers, Trafford's care homes — read by the register importers, so each
 *   fact keeps its register source — plus the national head of CQC's adult social care locations;
 * - the national sample: real organisations (360Giving grant recipients, NHS trusts) with synthetic profiles,
 *   120 synthetic public service mutuals, 40 synthetic private providers, the report's two case studies;
 * - their partnership graph (synthetic) and the demo tenders: nine synthetic ones and five real notices (Find a
 *   Tender's UK4 "Aldbanks Supported Living", four from Contracts Finder).
 * Every fact no register or rule gives is drawn and marked synthetic (./provenance.ts). Deterministic: the same
 * reference, sources and seed give equal output.
 */
import type { Organisation } from '../organisations/schema.ts';
import type { Reference } from '../reference/types.ts';
import type { Tender } from '../tenders/schema.ts';
import { caseStudies } from './cases.ts';
import { nodeTableOf, partnershipsOf, toOrganisation, type OrgDraft } from './draft.ts';
import { syntheticName } from './names.ts';
import { adjacency, buildPartnershipEdges, type Edge } from './partnerships.ts';
import { placeIndex } from './places.ts';
import { Rng } from './prng.ts';
import { drawPrivateFields } from './private-fields.ts';
import { draftFromNhsTrust, draftFromSource } from './real-orgs.ts';
import type { DemoSources } from './sources.ts';
import { PROFILES_BY_SECTOR, SECTOR_ORDER } from './services.ts';
import { draftSynthetic, syntheticId } from './synthetic.ts';
import { demoTenders } from './tenders.ts';
import { importOrganisations } from '../organisations/import/index.ts';
import { importOcds } from '../tenders/ocds/index.ts';
import { demoProvenance, syntheticPartnerships } from './provenance.ts';
import { draftFromRegister, mergeRegisterFacts, onlyFrom } from './registers.ts';

export const DEMO_DEFAULTS = {
  seed: 1,
  syntheticMutuals: 120,
  syntheticPrivateProviders: 40,
} as const;

export interface DemoDataset {
  organisations: Organisation[];
  tenders: Tender[];
}

export interface DemoOptions {
  seed?: number;
  syntheticMutuals?: number;
  syntheticPrivateProviders?: number;
}

export function buildDemoDataset(reference: Reference, sources: DemoSources, options: DemoOptions = {}): DemoDataset {
  const seed = options.seed ?? DEMO_DEFAULTS.seed;
  const places = placeIndex(reference);
  const drafts: OrgDraft[] = [];
  const seen = new Set<string>();
  const add = (d: OrgDraft | undefined) => {
    if (d && !seen.has(d.id)) {
      seen.add(d.id);
      drafts.push(d);
    }
  };
  for (const trust of sources.nhsTrusts) add(draftFromNhsTrust(trust, places, seed));
  const indexById = () => new Map(drafts.map((d, i) => [d.id, i]));
  let known = indexById();
  const imported = importOrganisations([...sources.registers, ...sources.enrichments], reference);
  const enrichmentFiles = sources.enrichments.map((f) => f.name);
  for (const org of imported.organisations) {
    // enrichments count only where they met an organisation of the register files (a CQC provider that is a charity)
    if (onlyFrom(imported.facts[org.id], enrichmentFiles)) continue;
    const at = known.get(org.id);
    if (at !== undefined) mergeRegisterFacts(drafts[at], org);
    else add(draftFromRegister(org, places, reference, seed));
  }
  known = indexById();
  for (const src of sources.organisations) if (!known.has(src.orgId)) add(draftFromSource(src, places, seed));

  const names = new Set(drafts.map((d) => d.name));
  const synthetic = (prefix: string, count: number, kind: 'public_service_mutual' | 'private_provider') => {
    for (let n = 1; n <= count; n++) {
      const d = draftSynthetic(places, seed, `demo-${kind}`, syntheticId(prefix, n, 4), kind);
      for (let attempt = 1; names.has(d.name) && attempt < 20; attempt++) {
        const rng = Rng.derive(seed, 'rename', d.id, attempt);
        const sector = SECTOR_ORDER.find((_s, b) => d.sectors & (1 << b)) ?? 'other';
        d.name = syntheticName(rng, d.kind, d.legalForm, rng.pick(PROFILES_BY_SECTOR[sector]).key, places.places[d.place].name);
      }
      names.add(d.name);
      add(d);
    }
  };
  synthetic('CNS-PSM', options.syntheticMutuals ?? DEMO_DEFAULTS.syntheticMutuals, 'public_service_mutual');
  synthetic('CNS-PRV', options.syntheticPrivateProviders ?? DEMO_DEFAULTS.syntheticPrivateProviders, 'private_provider');

  const cases = caseStudies(places, drafts, seed);
  for (const d of cases.drafts) add(d);

  const indexOf = new Map(drafts.map((d, i) => [d.id, i]));
  const fixedEdges: Edge[] = cases.edges.map((e) => ({ ...e, a: indexOf.get(e.a)!, b: indexOf.get(e.b)! }));
  const nodes = nodeTableOf(drafts);
  const edges = buildPartnershipEdges(nodes, places, { seed, fixedEdges });
  const adj = adjacency(nodes.count, edges);
  const idOf = (i: number) => drafts[i].id;
  const privates = drawPrivateFields(reference, nodes, places, (i) => adj[i], idOf, seed);

  const organisations = drafts.map((d, i) => {
    // a wholly synthetic organisation is based at its drawn home; a real one only where a source says so
    const draft = d.sources === undefined && d.baseArea === undefined ? { ...d, baseArea: places.places[d.place].code } : d;
    const org = toOrganisation(draft, syntheticPartnerships(partnershipsOf(i, adj[i], idOf)), privates.get(i));
    return { ...org, provenance: demoProvenance(org, d.sources) };
  });
  const notices = sources.notices.flatMap((file) => importOcds(file.text, reference).tenders);
  return { organisations, tenders: [...demoTenders(), ...notices] };
}
