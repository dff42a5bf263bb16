/**
 * Loading the organisations a run covers. Each process scoring shards loads them once per run (the cache
 * keeps the two latest runs), builds the CellIndex (src/store/cell-index.ts) and scores every shard it gets from memory: one
 * O(N) read per process and run instead of one candidate query per organisation.
 *
 * Organisations changed while a run is in progress may be seen before or after the change by different
 * shards; the incremental refresh catches up with them (see events.ts).
 */
import type { Organisation } from '../organisations/schema.ts';
import type { Reference } from '../reference/types.ts';
import type { Store } from '../store/types.ts';
import { buildSnapshot, type RunSnapshot } from './compute-lists.ts';
import type { OrganisationSource } from './partner-scores.ts';

/** Pages Store.listOrganisations (id order) and keeps the ids under the scope prefix. */
export function storeOrganisationSource(store: Store): OrganisationSource {
  return {
    async *pages(scope: string, pageSize: number): AsyncIterable<Organisation[]> {
      for (let offset = 0; ; offset += pageSize) {
        const page = await store.listOrganisations(offset, pageSize);
        const items = scope === '' ? page.items : page.items.filter((o) => o.id.startsWith(scope));
        if (items.length > 0) yield items;
        if (page.items.length < pageSize || offset + pageSize >= page.total) return;
      }
    },
  };
}

export async function loadOrganisations(source: OrganisationSource, scope: string, pageSize: number): Promise<Organisation[]> {
  const out: Organisation[] = [];
  for await (const page of source.pages(scope, pageSize)) out.push(...page);
  return out;
}

/** Snapshots by run id; concurrent callers share one load. */
export class SnapshotCache {
  private readonly entries = new Map<string, Promise<RunSnapshot>>();

  constructor(
    private readonly ref: Reference,
    private readonly keep = 2,
  ) {}

  get(runId: string, load: () => Promise<Organisation[]>): Promise<RunSnapshot> {
    let entry = this.entries.get(runId);
    if (!entry) {
      entry = load().then((organisations) => buildSnapshot(this.ref, organisations));
      entry.catch(() => this.entries.delete(runId));
      this.entries.set(runId, entry);
      while (this.entries.size > this.keep) this.entries.delete(this.entries.keys().next().value!);
    }
    return entry;
  }

  forget(runId: string): void {
    this.entries.delete(runId);
  }
}
