/**
 * The partnership graph: organisations as nodes, one undirected edge per pair that has worked together, holding
 * every partnership record either side keeps about the other. Held in graphology (an UndirectedGraph) so the
 * graph questions — trust paths, shared partners, partnership networks (src/matching/trust.ts,
 * src/consortia) — are asked of one structure.
 *
 * Both stores answer `Store.partnershipsAround` from their own copy — the embedded store keeps a whole graph up to
 * date on every write, Neo4j reads the neighbourhood with cypher/get-partnerships-around.cypher — and the pure
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

  /**
   * With `names` (the embedded store passes its records' names), nodes hold no names and only organisations on an
   * edge have a node: a million organisations, half without partnerships, need a node for half (issue 18). The
   * answers are the same: `around` only names organisations on its edges, and `name` asks `names`.
   */
  constructor(private readonly names?: (id: string) => string | undefined) {}

  /** Replaces the records `org` holds with its current partnerships (a partnership with itself gets no edge). */
  setOrganisation(org: Pick<Organisation, 'id' | 'name' | 'partnerships'>): void {
    const { graph } = this;
    if (this.names) {
      if (!graph.hasNode(org.id) && !org.partnerships.some((p) => p.partnerId !== org.id)) return;
      graph.mergeNode(org.id);
    } else graph.mergeNode(org.id, { name: org.name });
    for (const edge of graph.edges(org.id)) {
      const records = graph.getEdgeAttribute(edge, 'records').filter((r) => r.holderId !== org.id);
      if (records.length === 0) this.dropEdge(edge);
      else graph.setEdgeAttribute(edge, 'records', records);
    }
    for (const p of org.partnerships) if (p.partnerId !== org.id) this.addRecord({ ...p, holderId: org.id });
    if (this.names && graph.hasNode(org.id) && graph.degree(org.id) === 0) graph.dropNode(org.id);
  }

  /** Drops an edge and, when names are kept elsewhere, the extremities it leaves on no edge. */
  private dropEdge(edge: string): void {
    const { graph } = this;
    const [a, b] = graph.extremities(edge);
    graph.dropEdge(edge);
    if (this.names) for (const id of [a, b]) if (graph.degree(id) === 0) graph.dropNode(id);
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
    if (this.names) return this.names(id);
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
      for (const id of graph.extremities(edge)) nodes.set(id, this.names ? this.names(id) : graph.getNodeAttribute(id, 'name'));
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
