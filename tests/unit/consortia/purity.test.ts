import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../../src/consortia');
/** The edges: the HTTP route, the use case that reads the store, the CLI command. Everything else is pure. */
const EDGES = new Set(['routes.ts', 'build-consortia.ts', 'cli.ts']);
const FORBIDDEN = /^(node:|express|neo4j-driver|bullmq|ioredis|pino|commander|fs$|path$)/;

/** Value (non-type) imports of a file. */
function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/^import\s+(?!type\b)[^'"]*?from\s+'([^']+)'/gm)].map((m) => m[1]);
}

describe('the pure consortium core', () => {
  it('imports no I/O, web, database or queue module, and reads no environment, even through its own imports', () => {
    const seen = new Set<string>();
    const offences: string[] = [];
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      if (readFileSync(file, 'utf8').includes('process.env')) offences.push(`${file}: reads process.env`);
      for (const spec of imports(file)) {
        if (spec.startsWith('.')) visit(join(dirname(file), spec));
        else if (FORBIDDEN.test(spec)) offences.push(`${file}: imports ${spec}`);
      }
    };
    for (const name of readdirSync(ROOT)) if (name.endsWith('.ts') && !EDGES.has(name)) visit(join(ROOT, name));
    expect(seen.size).toBeGreaterThan(10);
    expect(offences).toEqual([]);
  });
});
