/**
 * The partnership graph: organisations as nodes, one undirected edge per pair that has worked together, holding
 * every partnership record either side keeps about the other. Held in graphology (an UndirectedGraph) so the
 * graph questions — trust paths, shared partners, partnership networks (src/matching/trust.ts,
 * src/consortia) — are asked of one structure.
 *
 * Both stores answer `Store.partnershipsAround` — the embedded store from its records and an index of who names whom
 * (src/store/partnership-index.ts), Neo4j with cypher/get-partnerships-around.cypher or its read model's whole
 * graph kept up to date on every write — and the pure
 * core loads the answer back into a graph (`fromNeighbourhood`), so matching and consortia see the same graph
 * whatever the store.
 */
import { UndirectedGraph } from 'graphology';
import type { Organisation, Partnership } from './schema.ts';

/** One partnership as recorded by `holderId` about its partner (`partnerId`). */
export interface PartnershipRecord extends Partnership {
  holderId: string;
}

/** A piece of the partnership graph: the records on its edges and the names of its organisations where known. */
export interface PartnershipNeighbourhood {
  /** organisations on the edges, with their names (a partner not stored yet has none) */
  nodes: { id: string; name?: string }[];
  records: PartnershipRecord[];
}

interface NodeAttributes {
  name?: string;
}
interface EdgeAttributes {
  records: PartnershipRecord[];
}

export class PartnershipGraph {
  readonly graph = new UndirectedGraph<NodeAttributes, EdgeAttributes>({ allowSelfLoops: false });

  /** Replaces the records `org` holds with its current partnerships (a partnership with itself gets no edge). */
  setOrganisation(org: Pick<Organisation, 'id' | 'name' | 'partnerships'>): void {
    const { graph } = this;
    graph.mergeNode(org.id, { name: org.name });
    for (const edge of graph.edges(org.id)) {
      const records = graph.getEdgeAttribute(edge, 'records').filter((r) => r.holderId !== org.id);
      if (records.length === 0) graph.dropEdge(edge);
      else graph.setEdgeAttribute(edge, 'records', records);
    }
    for (const p of org.partnerships) if (p.partnerId !== org.id) this.addRecord({ ...p, holderId: org.id });
  }

  /** Drops an organisation and every record on its edges, as deleting its node (DETACH DELETE) does in Neo4j. */
  removeOrganisation(id: string): void {
    if (this.graph.hasNode(id)) this.graph.dropNode(id);
  }

  private addRecord(record: PartnershipRecord): void {
    const { graph } = this;
    graph.mergeNode(record.holderId);
    graph.mergeNode(record.partnerId);
    const edge = graph.edge(record.holderId, record.partnerId);
    if (edge === undefined) graph.addEdge(record.holderId, record.partnerId, { records: [record] });
    else graph.getEdgeAttribute(edge, 'records').push(record);
  }

  name(id: string): string | undefined {
    return this.graph.hasNode(id) ? this.graph.getNodeAttribute(id, 'name') : undefined;
  }

  /** The records between two organisations, held by either (empty when they never worked together). */
  between(a: string, b: string): readonly PartnershipRecord[] {
    const { graph } = this;
    if (!graph.hasNode(a) || !graph.hasNode(b)) return [];
    const edge = graph.edge(a, b);
    return edge === undefined ? [] : graph.getEdgeAttribute(edge, 'records');
  }

  /** Each partner of `id` with the records between them. */
  forEachPartner(id: string, visit: (partnerId: string, records: readonly PartnershipRecord[]) => void): void {
    if (!this.graph.hasNode(id)) return;
    this.graph.forEachEdge(id, (_edge, attributes, source, target) => visit(source === id ? target : source, attributes.records));
  }

  /**
   * The records on every edge touching `ids` (hops 1), or touching them or their partners (hops 2: enough for
   * trust through a shared partner), with the names of the organisations on those edges.
   */
  around(ids: readonly string[], hops: 1 | 2): PartnershipNeighbourhood {
    const { graph } = this;
    const centres = new Set(ids.filter((id) => graph.hasNode(id)));
    if (hops === 2) for (const id of [...centres]) for (const n of graph.neighbors(id)) centres.add(n);
    const edges = new Set<string>();
    for (const id of centres) for (const edge of graph.edges(id)) edges.add(edge);
    const records: PartnershipRecord[] = [];
    const nodes = new Map<string, string | undefined>();
    for (const edge of edges) {
      for (const r of graph.getEdgeAttribute(edge, 'records')) records.push(r);
      for (const id of graph.extremities(edge)) nodes.set(id, graph.getNodeAttribute(id, 'name'));
    }
    return {
      nodes: [...nodes].map(([id, name]) => (name === undefined ? { id } : { id, name })).sort((a, b) => cmp(a.id, b.id)),
      records: records.sort(compareRecords),
    };
  }

  static fromNeighbourhood(neighbourhood: PartnershipNeighbourhood): PartnershipGraph {
    const out = new PartnershipGraph();
    for (const node of neighbourhood.nodes) out.graph.mergeNode(node.id, node.name === undefined ? {} : { name: node.name });
    for (const record of neighbourhood.records) if (record.holderId !== record.partnerId) out.addRecord(record);
    return out;
  }
}

/** The partnership graph of a set of organisations (their own records; partners outside the set become bare nodes). */
export function partnershipGraphOf(orgs: Iterable<Pick<Organisation, 'id' | 'name' | 'partnerships'>>): PartnershipGraph {
  const graph = new PartnershipGraph();
  for (const org of orgs) graph.setOrganisation(org);
  return graph;
}

/** Canonical order, so every store returns equal neighbourhoods for equal data. */
export function compareRecords(a: PartnershipRecord, b: PartnershipRecord): number {
  return cmp(a.holderId, b.holderId) || cmp(a.partnerId, b.partnerId) || a.year - b.year || cmp(a.model, b.model);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
