/**
 * The embedded store's partnerships, for `Store.partnershipsAround` (issue 18). The records are the ones the stored
 * organisations hold; this index adds only the other direction: for each organisation named as a partner, which
 * organisations name it. `around` then gives what a PartnershipGraph of every stored record gives (the Neo4j read
 * model keeps one; src/organisations/partnership-graph.ts): the same records, nodes and names, in the same order.
 *
 * Why not keep that graph: at 100,000 generated organisations (1.4 partnerships each) graphology's nodes, edges,
 * attribute objects and a `{ ...partnership, holderId }` copy of every record took ≈950 bytes an organisation, the
 * largest single part of the store; this index takes ≈90 (`npm run bench:memory`), and the whole store 2,270 bytes
 * where it took 2,759. A neighbourhood's records are built when asked for — a few per organisation.
 */
import type { Organisation } from '../organisations/schema.ts';
import { compareRecords, type PartnershipNeighbourhood, type PartnershipRecord } from '../organisations/partnership-graph.ts';

type Holder = Pick<Organisation, 'id' | 'name' | 'partnerships'>;

export class PartnershipIndex {
  /** partner id → the other organisations whose records name it: one id (most partners), or several */
  private readonly namedBy = new Map<string, string | string[]>();

  /** `lookup` reads a stored organisation: its records and its name. */
  constructor(private readonly lookup: (id: string) => Holder | undefined) {}

  /** Indexes the partners `org` names, replacing those of `previous` (the record it supersedes), when given. */
  set(org: Holder, previous?: Holder): void {
    if (previous) for (const partnerId of partnersNamed(previous)) this.unlink(partnerId, previous.id);
    for (const partnerId of partnersNamed(org)) this.link(partnerId, org.id);
  }

  /**
   * The records held by either side of every pair that worked together where one side is in `ids` (hops 1), or in
   * `ids` or a partner of theirs (hops 2), with the names of the organisations in those pairs: as
   * PartnershipGraph.around.
   */
  around(ids: readonly string[], hops: 1 | 2): PartnershipNeighbourhood {
    const centres = new Set(ids);
    if (hops === 2) for (const id of [...centres]) for (const partner of this.partnersOf(id)) centres.add(partner);
    const pairs = new Set<string>();
    const records: PartnershipRecord[] = [];
    const nodes = new Map<string, string | undefined>();
    for (const id of centres)
      for (const partner of this.partnersOf(id)) {
        const pair = id < partner ? `${id}\n${partner}` : `${partner}\n${id}`;
        if (pairs.has(pair)) continue;
        pairs.add(pair);
        this.recordsAbout(id, partner, records);
        this.recordsAbout(partner, id, records);
        for (const end of [id, partner]) if (!nodes.has(end)) nodes.set(end, this.lookup(end)?.name);
      }
    return {
      nodes: [...nodes].map(([id, name]) => (name === undefined ? { id } : { id, name })).sort((a, b) => compare(a.id, b.id)),
      records: records.sort(compareRecords),
    };
  }

  /** Everyone `id` worked with, by its own records or theirs (never itself). */
  private partnersOf(id: string): Set<string> {
    const out = new Set(partnersNamed(this.lookup(id)));
    const namedBy = this.namedBy.get(id);
    if (typeof namedBy === 'string') out.add(namedBy);
    else if (namedBy) for (const holder of namedBy) out.add(holder);
    return out;
  }

  /** Appends the records `holderId` keeps about `partnerId`, in the order it keeps them. */
  private recordsAbout(holderId: string, partnerId: string, out: PartnershipRecord[]): void {
    const holder = this.lookup(holderId);
    if (holder) for (const p of holder.partnerships) if (p.partnerId === partnerId) out.push({ ...p, holderId: holder.id });
  }

  private link(partnerId: string, holderId: string): void {
    const namedBy = this.namedBy.get(partnerId);
    if (namedBy === undefined) this.namedBy.set(partnerId, holderId);
    else if (typeof namedBy === 'string') this.namedBy.set(partnerId, [namedBy, holderId]);
    else namedBy.push(holderId);
  }

  private unlink(partnerId: string, holderId: string): void {
    const namedBy = this.namedBy.get(partnerId);
    if (namedBy === holderId) this.namedBy.delete(partnerId);
    else if (Array.isArray(namedBy)) {
      const i = namedBy.indexOf(holderId);
      if (i >= 0) namedBy.splice(i, 1);
      if (namedBy.length === 1) this.namedBy.set(partnerId, namedBy[0]);
    }
  }
}

/** The distinct partners an organisation's own records name, itself excluded (a record about itself is on no edge). */
function partnersNamed(org: Holder | undefined): Set<string> {
  const out = new Set<string>();
  if (org) for (const p of org.partnerships) if (p.partnerId !== org.id) out.add(p.partnerId);
  return out;
}

/** Code-unit order, as Neo4j orders strings. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
