/**
 * The synthetic trust graph: who has partnered with whom, how, and how it went.
 *
 * Calibrated on the survey figures in docs/domain.md (n = 54 mutuals), applied to public service mutuals:
 *  - 63% have bid in partnership; experience rises with turnover (top quartile 100%, bottom 38%);
 *  - of those with experience, 53% have partnered a charity and 41% another mutual (NHS bodies, private
 *    companies and others also appear);
 *  - models used by those who partnered: subcontracting 59%, informal consortium 51%, new legal entity 8%;
 *  - perceived success 3.75/5 on average.
 * For mutuals the shares are allocated exactly (shuffled quotas, so a sample of 120 lands on the figures);
 * other kinds use plain probabilities. Edges are undirected and recorded on both organisations. Partners are
 * chosen nearby (same authority, then neighbours, then region) with a shared sector preferred.
 *
 * Pure: plain arrays in, edges out; randomness from the seed only.
 */
import type { OrganisationKind, PartnershipModel, PartnershipOutcome } from '../organisations/schema.ts';
import { Rng } from './prng.ts';
import type { PlaceIndex } from './places.ts';

export const KINDS: readonly OrganisationKind[] = [
  'public_service_mutual',
  'charity',
  'social_enterprise',
  'cooperative',
  'nhs_body',
  'private_provider',
  'local_authority',
];
export const KIND_INDEX: Readonly<Record<OrganisationKind, number>> = Object.fromEntries(KINDS.map((k, i) => [k, i])) as Record<
  OrganisationKind,
  number
>;
const PSM = KIND_INDEX.public_service_mutual;
const CHARITY = KIND_INDEX.charity;

export const MODELS: readonly PartnershipModel[] = [
  'informal_consortium',
  'subcontracting',
  'contractual_joint_venture',
  'alliance',
  'new_legal_entity',
];
const MODEL_INDEX: Readonly<Record<PartnershipModel, number>> = Object.fromEntries(MODELS.map((m, i) => [m, i])) as Record<
  PartnershipModel,
  number
>;

/** Survey targets and the other shares the engine uses: data, not code. */
export const PARTNERSHIP_DEFAULTS = {
  /** share of mutuals that have partnered, by turnover quartile (lowest first); mean 0.63 */
  mutualPartneredByQuartile: [0.38, 0.52, 0.62, 1.0] as const,
  /** of mutuals that have partnered: share with at least one partner of that kind */
  mutualWithCharityPartner: 0.53,
  mutualWithMutualPartner: 0.41,
  /** of mutuals that have partnered: share that used each model at least once */
  mutualModelUse: { subcontracting: 0.59, informal_consortium: 0.51, new_legal_entity: 0.08 } as const,
  /** mutuals with experience but no charity or mutual partner partner these kinds instead (weights) */
  mutualOtherPartnerKinds: { nhs_body: 35, social_enterprise: 30, private_provider: 15, cooperative: 10, local_authority: 10 } as Partial<
    Record<OrganisationKind, number>
  >,
  /** chance that a mutual with charity or mutual partners also has one of the other kinds */
  mutualExtraOtherPartner: 0.3,
  /** other kinds: share that have partnered, by turnover quartile within the kind */
  partneredByQuartile: {
    charity: [0.25, 0.35, 0.5, 0.7],
    social_enterprise: [0.3, 0.4, 0.5, 0.7],
    cooperative: [0.2, 0.3, 0.4, 0.55],
    nhs_body: [0.9, 0.95, 1, 1],
    private_provider: [0.3, 0.4, 0.5, 0.6],
    local_authority: [0.5, 0.5, 0.6, 0.7],
  } as Partial<Record<OrganisationKind, readonly number[]>>,
  /** who the other kinds partner (weights; mutuals are linked from the mutual side only) */
  partnerKindMix: {
    charity: { charity: 60, social_enterprise: 15, nhs_body: 10, cooperative: 5, private_provider: 5, local_authority: 5 },
    social_enterprise: { charity: 40, social_enterprise: 30, cooperative: 10, nhs_body: 8, private_provider: 7, local_authority: 5 },
    cooperative: { charity: 40, social_enterprise: 25, cooperative: 30, local_authority: 5 },
    nhs_body: { charity: 40, nhs_body: 25, social_enterprise: 15, private_provider: 15, local_authority: 5 },
    private_provider: { private_provider: 30, charity: 30, nhs_body: 25, social_enterprise: 15 },
    local_authority: { charity: 40, nhs_body: 30, social_enterprise: 20, local_authority: 10 },
  } as Partial<Record<OrganisationKind, Partial<Record<OrganisationKind, number>>>>,
  /** model of an edge between two non-mutuals (weights); alliances are mostly health */
  generalModels: { subcontracting: 45, informal_consortium: 35, contractual_joint_venture: 8, alliance: 7, new_legal_entity: 5 } as Record<
    PartnershipModel,
    number
  >,
  outcomes: { won: 36, lost: 26, completed: 16, ongoing: 13, ended_early: 6, withdrawn: 3 } as Record<PartnershipOutcome, number>,
  /** success (1–5) weights by outcome; overall mean ≈ 3.76 */
  successByOutcome: {
    won: [1, 3, 12, 46, 38],
    completed: [1, 4, 15, 50, 30],
    ongoing: [1, 4, 25, 45, 25],
    lost: [4, 12, 32, 38, 14],
    ended_early: [25, 40, 22, 10, 3],
    withdrawn: [20, 35, 30, 13, 2],
  } as Record<PartnershipOutcome, readonly number[]>,
  firstYear: 2010,
  lastYear: 2025,
  /** how many candidates a partner search looks at before choosing */
  candidatesPerSearch: 10,
} as const;

/** The organisations as columns, one row per organisation (index = position). */
export interface NodeTable {
  count: number;
  /** KIND_INDEX */
  kind: Uint8Array;
  /** PlaceIndex position of the home authority */
  place: Uint16Array;
  /** bit per sector (services.sectorBit) */
  sectors: Uint8Array;
  turnover: Float64Array;
  foundedYear: Uint16Array;
  /** 1 for case-study organisations whose partnerships are set by hand: the engine adds none */
  fixed: Uint8Array;
}

export function createNodeTable(count: number): NodeTable {
  return {
    count,
    kind: new Uint8Array(count),
    place: new Uint16Array(count),
    sectors: new Uint8Array(count),
    turnover: new Float64Array(count),
    foundedYear: new Uint16Array(count),
    fixed: new Uint8Array(count),
  };
}

export interface Edge {
  a: number;
  b: number;
  model: PartnershipModel;
  year: number;
  outcome: PartnershipOutcome;
  success: number;
}

/** Edges for the hand-made cases; the engine keeps them and counts them towards the targets. */
export type FixedEdge = Edge;

interface Ctx {
  nodes: NodeTable;
  places: PlaceIndex;
  rng: Rng;
  pairs: Set<number>;
  degree: Uint16Array;
  target: Uint8Array;
  edges: Edge[];
}

/** Build the partnership edges (fixed edges first, then the synthetic ones). */
export function buildPartnershipEdges(
  nodes: NodeTable,
  places: PlaceIndex,
  options: { seed: number; fixedEdges?: readonly FixedEdge[] },
): Edge[] {
  const d = PARTNERSHIP_DEFAULTS;
  const n = nodes.count;
  const ctx: Ctx = {
    nodes,
    places,
    rng: Rng.derive(options.seed, 'partnerships'),
    pairs: new Set(),
    degree: new Uint16Array(n),
    target: new Uint8Array(n),
    edges: [],
  };
  for (const e of options.fixedEdges ?? []) addEdge(ctx, e, true);

  const partnered = choosePartnered(ctx);

  // --- mutuals: exact quotas over all partnered mutuals, hand-made cases included -------------------------
  const psmAll: number[] = [];
  for (let i = 0; i < n; i++) if (nodes.kind[i] === PSM && partnered[i]) psmAll.push(i);
  const psmFree = psmAll.filter((i) => !nodes.fixed[i]);
  const fixedStats = { mutual: 0, charity: 0, models: new Array<number>(MODELS.length).fill(0) };
  const fixedAdj = adjacency(n, ctx.edges);
  for (const i of psmAll) {
    if (!nodes.fixed[i]) continue;
    const kinds = new Set(fixedAdj[i].map((e) => nodes.kind[other(e, i)]));
    if (kinds.has(PSM)) fixedStats.mutual++;
    if (kinds.has(CHARITY)) fixedStats.charity++;
    for (const m of new Set(fixedAdj[i].map((e) => MODEL_INDEX[e.model]))) fixedStats.models[m]++;
  }
  const quota = (share: number, already: number) => Math.max(0, Math.min(psmFree.length, Math.round(share * psmAll.length) - already));
  const wantsMutual = pickSet(ctx.rng, psmFree, quota(d.mutualWithMutualPartner, fixedStats.mutual));
  const wantsCharity = pickSet(ctx.rng, psmFree, quota(d.mutualWithCharityPartner, fixedStats.charity));
  const modelSets = new Map<number, Set<PartnershipModel>>(psmFree.map((i) => [i, new Set()]));
  for (const [model, share] of Object.entries(d.mutualModelUse) as Array<[PartnershipModel, number]>) {
    for (const i of pickSet(ctx.rng, psmFree, quota(share, fixedStats.models[MODEL_INDEX[model]]))) modelSets.get(i)!.add(model);
  }
  for (const i of psmFree) {
    const set = modelSets.get(i)!;
    if (set.size === 0) set.add(nodes.sectors[i] & 1 ? 'alliance' : 'contractual_joint_venture'); // bit 0 = health
  }

  const buckets = new Buckets(nodes, places, (i) => partnered[i] === 1 && !nodes.fixed[i]);
  const present = new Set(buckets.byKind.keys());

  // mutual ↔ mutual: pair within the wantsMutual set, preferring a shared model
  const mutualPool = new Buckets(nodes, places, (i) => wantsMutual.has(i));
  const order = ctx.rng.shuffle([...wantsMutual].sort((a, b) => a - b));
  const psmDegree = new Uint16Array(n);
  const covered = new Map<number, Set<PartnershipModel>>(psmFree.map((i) => [i, new Set()]));
  for (const i of order) {
    const rounds = psmDegree[i] === 0 ? 1 : 0;
    const extra = nodes.turnover[i] > 10_000_000 && ctx.rng.chance(0.35) ? 1 : 0;
    for (let r = 0; r < rounds + extra; r++) {
      const j = findPartner(
        ctx,
        mutualPool,
        i,
        PSM,
        (c) => (psmDegree[c] === 0 ? 3 : 0) + (intersects(modelSets.get(i)!, modelSets.get(c)!) ? 2 : 0),
      );
      if (j === undefined) break;
      const shared = [...modelSets.get(i)!].filter((m) => modelSets.get(j)!.has(m));
      const model = shared.length > 0 ? ctx.rng.pick(shared.sort()) : ctx.rng.pick([...modelSets.get(i)!].sort());
      modelSets.get(j)!.add(model);
      covered.get(i)?.add(model);
      covered.get(j)?.add(model);
      addEdge(ctx, drawEdgeAttributes(ctx, i, j, model));
      psmDegree[i]++;
      psmDegree[j]++;
    }
  }

  // mutual → charities and other kinds; models chosen so each mutual's edges use exactly its model set
  const otherKinds = availableKinds(present, d.mutualOtherPartnerKinds, [PSM, CHARITY]);
  for (const i of psmFree) {
    const set = modelSets.get(i)!;
    const missing = [...set].filter((m) => !covered.get(i)!.has(m)).sort();
    const big = nodes.turnover[i] > 5_000_000;
    let added = 0;
    // each new edge carries a model not yet used, then any model of the set
    const link = (j: number | undefined): boolean => {
      if (j === undefined) return false;
      const model = added < missing.length ? missing[added] : ctx.rng.pick([...set].sort());
      addEdge(ctx, drawEdgeAttributes(ctx, i, j, model));
      added++;
      return true;
    };
    if (wantsCharity.has(i)) {
      const k = 1 + ctx.rng.int(0, big ? 2 : 1);
      for (let r = 0; r < k; r++) link(findPartner(ctx, buckets, i, CHARITY));
    }
    const needOther = (!wantsCharity.has(i) && !wantsMutual.has(i)) || ctx.rng.chance(d.mutualExtraOtherPartner);
    if (needOther && otherKinds) {
      const k = big && ctx.rng.chance(0.4) ? 2 : 1;
      for (let r = 0; r < k; r++) link(findPartner(ctx, buckets, i, KIND_INDEX[ctx.rng.weighted(otherKinds)]));
    }
    // enough non-mutual edges to carry every model not yet used
    while (added < missing.length || (added === 0 && psmDegree[i] === 0)) {
      const kind = wantsCharity.has(i) || !otherKinds ? CHARITY : KIND_INDEX[ctx.rng.weighted(otherKinds)];
      if (!link(findPartner(ctx, buckets, i, kind))) break;
    }
  }

  // --- everyone else: a target degree each, partners drawn by kind mix, mutuals excluded ----------------
  const rest: number[] = [];
  for (let i = 0; i < n; i++) if (partnered[i] && nodes.kind[i] !== PSM && !nodes.fixed[i]) rest.push(i);
  for (const i of rest) {
    const kind = nodes.kind[i];
    const pct = percentileRank(nodes, i);
    ctx.target[i] = kind === KIND_INDEX.nhs_body ? 3 + ctx.rng.int(0, 5) : 1 + Math.floor(pct * 3) + (ctx.rng.chance(0.3) ? 1 : 0);
  }
  ctx.rng.shuffle(rest);
  const mixes = KINDS.map((k) => availableKinds(present, d.partnerKindMix[k] ?? { charity: 1 }, [PSM]));
  for (const i of rest) {
    const mix = mixes[nodes.kind[i]];
    let attempts = 0;
    while (ctx.degree[i] < ctx.target[i] && attempts < ctx.target[i] + 3) {
      attempts++;
      if (!mix) break;
      const j = findPartner(ctx, buckets, i, KIND_INDEX[ctx.rng.weighted(mix)]);
      if (j === undefined) continue;
      const model = nodes.sectors[i] & nodes.sectors[j] & 1 && ctx.rng.chance(0.15) ? 'alliance' : ctx.rng.weighted(d.generalModels);
      addEdge(ctx, drawEdgeAttributes(ctx, i, j, model));
    }
  }
  return ctx.edges;
}

/** Edges incident to each node, in insertion order. */
export function adjacency(count: number, edges: readonly Edge[]): Edge[][] {
  const adj: Edge[][] = Array.from({ length: count }, () => []);
  for (const e of edges) {
    adj[e.a].push(e);
    adj[e.b].push(e);
  }
  return adj;
}

function other(e: Edge, i: number): number {
  return e.a === i ? e.b : e.a;
}

function intersects(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  for (const x of a) if (b.has(x)) return true;
  return false;
}

function pickSet(rng: Rng, items: readonly number[], k: number): Set<number> {
  return new Set(rng.sample(items, k));
}

/** Adds an edge unless it is a loop or repeats a pair; `fixed` edges may repeat a pair (two projects). */
function addEdge(ctx: Ctx, e: Edge, fixed = false): void {
  const n = ctx.nodes.count;
  const key = Math.min(e.a, e.b) * n + Math.max(e.a, e.b);
  if (e.a === e.b || (ctx.pairs.has(key) && !fixed)) return;
  ctx.pairs.add(key);
  ctx.degree[e.a]++;
  ctx.degree[e.b]++;
  ctx.edges.push(e);
}

/** Partnered flags: exact quartile quotas for mutuals, probabilities by turnover quartile for the rest. */
function choosePartnered(ctx: Ctx): Uint8Array {
  const { nodes, rng } = ctx;
  const n = nodes.count;
  const partnered = new Uint8Array(n);
  for (let i = 0; i < n; i++) if (nodes.fixed[i] && ctx.degree[i] > 0) partnered[i] = 1;
  // mutuals, by turnover rank
  const psm: number[] = [];
  for (let i = 0; i < n; i++) if (nodes.kind[i] === PSM) psm.push(i);
  psm.sort((a, b) => nodes.turnover[a] - nodes.turnover[b] || a - b);
  const rates = PARTNERSHIP_DEFAULTS.mutualPartneredByQuartile;
  for (let q = 0; q < 4; q++) {
    const members = psm.slice(Math.floor((q * psm.length) / 4), Math.floor(((q + 1) * psm.length) / 4));
    const already = members.filter((i) => partnered[i]).length;
    const free = members.filter((i) => !nodes.fixed[i]);
    const want = Math.max(0, Math.round(rates[q] * members.length) - already);
    for (const i of rng.sample(free, want)) partnered[i] = 1;
  }
  for (let i = 0; i < n; i++) {
    if (nodes.kind[i] === PSM || nodes.fixed[i]) continue;
    const quartileRates = PARTNERSHIP_DEFAULTS.partneredByQuartile[KINDS[nodes.kind[i]]] ?? [0.3, 0.4, 0.5, 0.6];
    const q = Math.min(3, Math.floor(percentileRank(nodes, i) * 4));
    if (rng.chance(quartileRates[q])) partnered[i] = 1;
  }
  return partnered;
}

const percentileCache = new WeakMap<NodeTable, Float64Array>();

/** Rank of a node's turnover within its kind, 0 (smallest) … <1. */
function percentileRank(nodes: NodeTable, i: number): number {
  let ranks = percentileCache.get(nodes);
  if (!ranks) {
    ranks = new Float64Array(nodes.count);
    const byKind: number[][] = KINDS.map(() => []);
    for (let j = 0; j < nodes.count; j++) byKind[nodes.kind[j]].push(j);
    for (const list of byKind) {
      list.sort((a, b) => nodes.turnover[a] - nodes.turnover[b] || a - b);
      list.forEach((j, r) => (ranks![j] = r / list.length));
    }
    percentileCache.set(nodes, ranks);
  }
  return ranks[i];
}

/** The weights restricted to kinds that have at least one eligible node; undefined when none has. */
function availableKinds(
  present: ReadonlySet<number>,
  weights: Partial<Record<OrganisationKind, number>>,
  exclude: readonly number[],
): Record<OrganisationKind, number> | undefined {
  const out = {} as Record<OrganisationKind, number>;
  for (const [kind, w] of Object.entries(weights) as Array<[OrganisationKind, number]>) {
    if (w > 0 && present.has(KIND_INDEX[kind]) && !exclude.includes(KIND_INDEX[kind])) out[kind] = w;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** Eligible nodes bucketed by (kind, place) and (kind, region), for nearby partner search. */
class Buckets {
  readonly byPlace = new Map<number, number[]>();
  readonly byRegion = new Map<string, number[]>();
  readonly byKind = new Map<number, number[]>();

  constructor(nodes: NodeTable, places: PlaceIndex, eligible: (i: number) => boolean) {
    for (let i = 0; i < nodes.count; i++) {
      if (!eligible(i)) continue;
      const k = nodes.kind[i];
      push(this.byPlace, k * 65536 + nodes.place[i], i);
      push(this.byRegion, `${k}:${places.places[nodes.place[i]].region}`, i);
      push(this.byKind, k, i);
    }
  }
}

function push<K>(map: Map<K, number[]>, key: K, value: number): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/**
 * A partner of `kind` for node i: candidates from the same authority, then its neighbours, then its region,
 * then anywhere; scored by shared sector, spare degree, nearness and `bonus`; undefined when none is left.
 */
function findPartner(ctx: Ctx, buckets: Buckets, i: number, kind: number, bonus?: (c: number) => number): number | undefined {
  const { nodes, places, rng } = ctx;
  const want = PARTNERSHIP_DEFAULTS.candidatesPerSearch;
  const home = nodes.place[i];
  const found: Candidates = { ids: [], rings: [] };
  takeCandidates(ctx, found, i, buckets.byPlace.get(kind * 65536 + home), 0, want);
  if (found.ids.length < want / 2) {
    for (const nb of places.neighbours[home]) takeCandidates(ctx, found, i, buckets.byPlace.get(kind * 65536 + nb), 1, 3);
  }
  if (found.ids.length < want / 2) takeCandidates(ctx, found, i, buckets.byRegion.get(`${kind}:${places.places[home].region}`), 2, want);
  if (found.ids.length === 0) takeCandidates(ctx, found, i, buckets.byKind.get(kind), 3, want);
  let best: number | undefined;
  let bestScore = -Infinity;
  for (let k = 0; k < found.ids.length; k++) {
    const c = found.ids[k];
    const score =
      ((nodes.sectors[i] & nodes.sectors[c]) !== 0 ? 3 : 0) +
      (ctx.target[c] === 0 || ctx.degree[c] < ctx.target[c] ? 1.5 : -1) -
      found.rings[k] * 0.75 +
      (bonus ? bonus(c) : 0) +
      rng.next() * 1.5;
    if (score > bestScore) {
      bestScore = score;
      best = c;
    }
  }
  return best;
}

interface Candidates {
  ids: number[];
  rings: number[];
}

/** Adds up to `max` new candidates from `list` (all of a short list, a random sample of a long one). */
function takeCandidates(ctx: Ctx, found: Candidates, i: number, list: readonly number[] | undefined, ring: number, max: number): void {
  if (!list || list.length === 0) return;
  const want = PARTNERSHIP_DEFAULTS.candidatesPerSearch;
  const n = ctx.nodes.count;
  const sampled = list.length > max * 2;
  const tries = Math.min(list.length, max * 2);
  for (let t = 0; t < tries && found.ids.length < want; t++) {
    const c = sampled ? list[Math.floor(ctx.rng.next() * list.length)] : list[t];
    if (c === i || found.ids.includes(c) || ctx.pairs.has(Math.min(i, c) * n + Math.max(i, c))) continue;
    found.ids.push(c);
    found.rings.push(ring);
  }
}

function drawEdgeAttributes(ctx: Ctx, a: number, b: number, model: PartnershipModel): Edge {
  const d = PARTNERSHIP_DEFAULTS;
  const rng = ctx.rng;
  const outcome: PartnershipOutcome = model === 'new_legal_entity' && rng.chance(0.5) ? 'ongoing' : rng.weighted(d.outcomes);
  const weights = d.successByOutcome[outcome];
  const success = 1 + rng.weightedIndex(weights);
  const from = Math.max(d.firstYear, ctx.nodes.foundedYear[a], ctx.nodes.foundedYear[b]);
  const to = outcome === 'ongoing' ? d.lastYear : d.lastYear - 1;
  const year = outcome === 'ongoing' ? rng.int(Math.max(from, to - 3), to) : rng.int(Math.min(from, to), to);
  return { a, b, model, year, outcome, success };
}
