/**
 * The embedded (in-process) store: a graphology graph of organisations, services (CPV), areas (GSS),
 * tenders and partnership edges, for a newcomer's one-command start and for tests. It satisfies the same
 * Store contract as the Neo4j adapter (tests/contract runs both).
 *
 * Node keys: `org:<id>`, `cpv:<code>`, `area:<code>`, `tender:<id>`. Edge types (attribute `type`):
 * PROVIDES org→cpv, OPERATES_IN org→area, PARTNERED_WITH org→org, REQUIRES tender→cpv, DELIVERED_IN
 * tender→area. Stored records are normalised and frozen, so a read returns the stored object itself.
 *
 * Candidate generation does not walk the graph: a service index (CPV code → organisation slots) and a
 * reusable counter array answer it in time proportional to the matches, which keeps a match at 100,000
 * organisations in milliseconds.
 */
import Graph from 'graphology';
import { normaliseOrganisation } from '../../organisations/normalise.ts';
import type { Organisation } from '../../organisations/schema.ts';
import type { Tender } from '../../tenders/schema.ts';
import { requiredCpvCodes } from '../../tenders/schema.ts';
import type { CandidateQuery, Page, Store, StoreHealth, UpsertSummary } from '../types.ts';
import { normaliseTender } from '../../tenders/normalise.ts';
import { canonicalJson } from '../../shared/canonical-json.ts';

type EdgeType = 'PROVIDES' | 'OPERATES_IN' | 'PARTNERED_WITH' | 'REQUIRES' | 'DELIVERED_IN';

export class EmbeddedStore implements Store {
  readonly kind = 'embedded' as const;
  readonly graph = new Graph({ type: 'directed', multi: false, allowSelfLoops: false });
  private readonly organisations = new Map<string, Organisation>();
  /** organisation slots: position in `slots` is the number used by the service index */
  private readonly slots: Organisation[] = [];
  private readonly slotOf = new Map<string, number>();
  private readonly serviceIndex = new Map<string, number[]>();
  private readonly areaIndex = new Map<string, number[]>();
  private counts = new Uint16Array(1024);
  private inArea = new Uint8Array(1024);
  private readonly tenders = new Map<string, Tender>();
  private orgIdsSorted: string[] | undefined;
  private tenderIdsSorted: string[] | undefined;

  async upsertOrganisations(orgs: readonly Organisation[]): Promise<UpsertSummary> {
    const summary: UpsertSummary = { created: 0, updated: 0, unchanged: 0 };
    // Normalise the whole batch before touching the graph: nothing below can fail half-way.
    const batch = [...new Map(orgs.map((o) => [o.id, deepFreeze(normaliseOrganisation(o))])).values()];
    for (const org of batch) {
      const existing = this.organisations.get(org.id);
      if (existing && sameJson(existing, org)) {
        summary.unchanged++;
        continue;
      }
      if (existing) summary.updated++;
      else summary.created++;
      this.writeOrganisation(org, existing !== undefined);
    }
    if (summary.created > 0) this.orgIdsSorted = undefined;
    return summary;
  }

  private writeOrganisation(org: Organisation, replacing: boolean): void {
    const key = `org:${org.id}`;
    // Keep the node (and the partnerships others recorded towards it); replace what this record says.
    if (replacing) for (const edge of this.graph.outEdges(key)) this.graph.dropEdge(edge);
    ensure(this.graph, key, 'Organisation');
    for (const code of org.services) this.link(key, ensure(this.graph, `cpv:${code}`, 'Service'), 'PROVIDES');
    for (const code of org.areas) this.link(key, ensure(this.graph, `area:${code}`, 'Area'), 'OPERATES_IN');
    // The graph allows no self-loops: a partnership with oneself stays in the record but gets no edge, so a batch
    // holding one cannot throw after earlier records were written.
    for (const p of org.partnerships) {
      if (p.partnerId !== org.id) this.link(key, ensure(this.graph, `org:${p.partnerId}`, 'Organisation'), 'PARTNERED_WITH');
    }
    this.index(org);
    this.organisations.set(org.id, org);
  }

  private link(from: string, to: string, type: EdgeType): void {
    this.graph.mergeDirectedEdge(from, to, { type });
  }

  private index(org: Organisation): void {
    let slot = this.slotOf.get(org.id);
    if (slot === undefined) {
      slot = this.slots.length;
      this.slotOf.set(org.id, slot);
      if (slot >= this.counts.length) {
        this.counts = new Uint16Array(this.counts.length * 2);
        this.inArea = new Uint8Array(this.counts.length);
      }
    } else {
      const old = this.slots[slot];
      unindex(this.serviceIndex, old.services, slot);
      unindex(this.areaIndex, old.areas, slot);
    }
    this.slots[slot] = org;
    index(this.serviceIndex, org.services, slot);
    index(this.areaIndex, org.areas, slot);
  }

  async getOrganisation(id: string): Promise<Organisation | undefined> {
    return this.organisations.get(id);
  }

  async getOrganisations(ids: readonly string[]): Promise<Organisation[]> {
    const out: Organisation[] = [];
    for (const id of ids) {
      const org = this.organisations.get(id);
      if (org) out.push(org);
    }
    return out;
  }

  async listOrganisations(offset: number, limit: number): Promise<Page<Organisation>> {
    this.orgIdsSorted ??= [...this.organisations.keys()].sort();
    const items = this.orgIdsSorted.slice(offset, offset + limit).map((id) => this.organisations.get(id)!);
    return { items, total: this.organisations.size };
  }

  async findCandidates(query: CandidateQuery): Promise<Organisation[]> {
    const { counts, inArea } = this;
    // Place first (usually the narrower condition), then count distinct services among those slots only.
    const marked: number[] = [];
    if (query.areaCodes) {
      for (const code of new Set(query.areaCodes)) {
        const list = this.areaIndex.get(code);
        if (list) for (const slot of list) if (inArea[slot] === 0) (inArea[slot] = 1), marked.push(slot);
      }
    }
    const anywhere = query.areaCodes === undefined;
    const touched: number[] = [];
    for (const code of new Set(query.serviceCodes)) {
      const list = this.serviceIndex.get(code);
      if (!list) continue;
      for (const slot of list) if ((anywhere || inArea[slot] === 1) && counts[slot]++ === 0) touched.push(slot);
    }
    for (const slot of marked) inArea[slot] = 0;
    const excluded = new Set(query.excludeIds);
    const hits: { org: Organisation; n: number }[] = [];
    for (const slot of touched) {
      const n = counts[slot];
      counts[slot] = 0;
      const org = this.slots[slot];
      if (org.openToPartnering && !excluded.has(org.id)) hits.push({ org, n });
    }
    hits.sort((a, b) => b.n - a.n || (a.org.id < b.org.id ? -1 : 1));
    return hits.slice(0, query.limit).map((h) => h.org);
  }

  async upsertTenders(tenders: readonly Tender[]): Promise<UpsertSummary> {
    const summary: UpsertSummary = { created: 0, updated: 0, unchanged: 0 };
    const batch = [...new Map(tenders.map((t) => [t.id, deepFreeze(normaliseTender(t))])).values()];
    for (const tender of batch) {
      const existing = this.tenders.get(tender.id);
      if (existing && sameJson(existing, tender)) {
        summary.unchanged++;
        continue;
      }
      if (existing) summary.updated++;
      else summary.created++;
      const key = `tender:${tender.id}`;
      if (this.graph.hasNode(key)) this.graph.dropNode(key);
      this.graph.addNode(key, { label: 'Tender' });
      for (const code of requiredCpvCodes(tender)) this.link(key, ensure(this.graph, `cpv:${code}`, 'Service'), 'REQUIRES');
      for (const code of tender.deliveryAreas) this.link(key, ensure(this.graph, `area:${code}`, 'Area'), 'DELIVERED_IN');
      this.tenders.set(tender.id, tender);
    }
    if (summary.created > 0) this.tenderIdsSorted = undefined;
    return summary;
  }

  async getTender(id: string): Promise<Tender | undefined> {
    return this.tenders.get(id);
  }

  async listTenders(offset: number, limit: number): Promise<Page<Tender>> {
    this.tenderIdsSorted ??= [...this.tenders.keys()].sort();
    return { items: this.tenderIdsSorted.slice(offset, offset + limit).map((id) => this.tenders.get(id)!), total: this.tenders.size };
  }

  async health(): Promise<StoreHealth> {
    return { ok: true, store: 'embedded', detail: `${this.organisations.size} organisations in memory` };
  }

  async close(): Promise<void> {}
}

function index(map: Map<string, number[]>, codes: readonly string[], slot: number): void {
  for (const code of codes) {
    const list = map.get(code);
    if (list) list.push(slot);
    else map.set(code, [slot]);
  }
}

function unindex(map: Map<string, number[]>, codes: readonly string[], slot: number): void {
  for (const code of codes) {
    const list = map.get(code);
    if (list) list.splice(list.indexOf(slot), 1);
  }
}

function ensure(graph: Graph, key: string, label: string): string {
  if (!graph.hasNode(key)) graph.addNode(key, { label });
  return key;
}

function sameJson(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
