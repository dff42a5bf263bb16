/**
 * The architecture, checked: the pure core imports no I/O and reads no environment; only the adapters
 * import the database and queue drivers; only src/config.ts reads process.env; no import cycles, not even type-only ones.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import madge from 'madge';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const SRC = join(ROOT, 'src');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** Value (non-type) imports of a file. */
function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/^import\s+(?!type\b)[^'"]*?from\s+'([^']+)'|^import\s+'([^']+)'/gm)].map((m) => m[1] ?? m[2]);
}

const rel = (file: string) => relative(ROOT, file);

/** Pure folders, with the few files in them that are edges (use cases reading the store, routes, CLI, file loaders). */
const PURE: Record<string, ReadonlySet<string>> = {
  'src/matching': new Set(['find-partners.ts', 'routes.ts', 'cli.ts']),
  'src/consortia': new Set(['build-consortia.ts', 'draft-heads-of-terms.ts', 'heads-of-terms-pdf.ts', 'routes.ts', 'cli.ts']),
  'src/market': new Set(['view-market.ts', 'routes.ts', 'cli.ts']),
  'src/reference': new Set(['load.ts']),
  'src/tenders/ocds': new Set(),
  'src/organisations/import': new Set(),
  // the refresh's scoring, lists and job payloads; not its threads, queue wiring, routes or the Neo4j score store
  'src/refresh': new Set(['compute-thread.ts', 'thread-computer.ts', 'neo4j-partner-scores.ts', 'routes.ts', 'wiring.ts']),
};
const IO = /^(node:(?!crypto)|express|neo4j-driver|bullmq|ioredis|pino|commander|cli-progress|cli-table3|fs$|path$)/;

describe('architecture', () => {
  it('keeps the pure core (scoring, consortium search, reference data, import mapping) free of I/O, even through its imports', () => {
    const offences: string[] = [];
    const seen = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      if (readFileSync(file, 'utf8').includes('process.env')) offences.push(`${rel(file)} reads process.env`);
      for (const spec of imports(file)) {
        if (spec.startsWith('.')) visit(join(dirname(file), spec));
        else if (IO.test(spec)) offences.push(`${rel(file)} imports ${spec}`);
      }
    };
    for (const [dir, edges] of Object.entries(PURE)) {
      for (const file of files(join(ROOT, dir))) if (!edges.has(relative(join(ROOT, dir), file))) visit(file);
    }
    expect(seen.size).toBeGreaterThan(40);
    expect(offences).toEqual([]);
  });

  it("lets only the adapters import the database and queue drivers (SQLite: the embedded store's data directory)", () => {
    const offences: string[] = [];
    for (const file of [...files(SRC), ...files(join(ROOT, 'workers'))]) {
      const path = rel(file);
      for (const spec of imports(file)) {
        if (spec === 'neo4j-driver' && !/neo4j/.test(path)) offences.push(`${path} imports neo4j-driver`);
        if (
          /^(bullmq|ioredis|@bull-board\/)/.test(spec) &&
          !/^(src\/queue\/(bullmq|dashboard|redis-sessions|redis-change-feed)|workers\/)/.test(path)
        )
          offences.push(`${path} imports ${spec}`);
        if (spec === 'better-sqlite3' && !path.startsWith('src/store/embedded/persistence/')) offences.push(`${path} imports ${spec}`);
      }
    }
    expect(offences).toEqual([]);
  });

  it('reads the environment in src/config.ts only', () => {
    const readers = files(SRC)
      .filter((file) => /process\.env\b/.test(readFileSync(file, 'utf8').replace(/\/\/.*$|\/\*[\s\S]*?\*\//gm, '')))
      .map(rel);
    expect(readers).toEqual(['src/config.ts']);
  });

  it('has no import cycles, type-only imports included (npm run lint checks the same with madge --circular)', async () => {
    const result = await madge([SRC, join(ROOT, 'workers')], {
      fileExtensions: ['ts'],
      tsConfig: join(ROOT, 'tsconfig.json'),
      detectiveOptions: { ts: { skipTypeImports: false } },
    });
    expect(result.circular()).toEqual([]);
  }, 60_000);
});
