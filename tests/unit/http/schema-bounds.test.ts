/**
 * Every string and every list a caller can send is bounded (issue #16 item 4): walks the OpenAPI document built from
 * the zod schemas (the single source of validation) and finds every request body and parameter field without a
 * maximum. The limits themselves live in one place, src/shared/limits.ts.
 */
import { describe, expect, it } from 'vitest';
import { importSlice } from '../../../src/imports/routes.ts';
import { coreSlices } from '../../../src/features.ts';
import { buildOpenApiDocument } from '../../../src/http/openapi.ts';
import { registerRefreshOpenApi } from '../../../src/refresh/routes.ts';
import { coreDeps } from '../../e2e/helpers.ts';

type Node = Record<string, unknown>;

/** Request bodies read as files (uploads) or by a tolerant reader (OCDS), not by a schema: bounded by the body limits. */
const READ_AS_DOCUMENTS = new Set(['OcdsRelease']);

function unbounded(document: Node): string[] {
  const components = ((document.components as Node | undefined)?.schemas ?? {}) as Record<string, Node>;
  const found: string[] = [];
  const seen = new Set<Node>();
  const walk = (node: unknown, where: string) => {
    if (node === null || typeof node !== 'object') return;
    const n = node as Node;
    if (typeof n.$ref === 'string') {
      const name = n.$ref.split('/').at(-1)!;
      if (READ_AS_DOCUMENTS.has(name)) return;
      return walk(components[name], `${where}→${name}`);
    }
    if (seen.has(n)) return;
    seen.add(n);
    const types = [n.type].flat();
    if (types.includes('string') && n.maxLength === undefined && n.enum === undefined && n.const === undefined) found.push(where);
    if (types.includes('array') && n.maxItems === undefined) found.push(`${where}[]`);
    for (const [key, value] of Object.entries(n)) {
      if (key === 'properties') for (const [p, v] of Object.entries(value as Node)) walk(v, `${where}.${p}`);
      else if (key === 'items') walk(value, `${where}[]`);
      else if (key !== 'example' && key !== 'examples' && key !== 'default') walk(value, where);
    }
  };
  for (const [path, methods] of Object.entries(document.paths as Record<string, Node>)) {
    if (path.startsWith('/v1/imports/')) continue; // files, bounded by UPLOAD_MAX_BYTES and read linearly
    for (const [method, op] of Object.entries(methods)) {
      const operation = op as Node;
      for (const parameter of (operation.parameters ?? []) as Node[]) walk(parameter.schema, `${method} ${path} ${String(parameter.name)}`);
      const body = (operation.requestBody as Node | undefined)?.content as Record<string, Node> | undefined;
      if (body) for (const content of Object.values(body)) walk(content.schema, `${method} ${path} body`);
    }
  }
  return found;
}

describe('request schemas', () => {
  it('when every route’s request schema is walked, then every string and every list has a maximum', () => {
    const deps = coreDeps();
    const document = buildOpenApiDocument([
      ...coreSlices(deps).map((s) => s.openapi),
      registerRefreshOpenApi,
      importSlice(deps, { maxBytes: 1024 }).openapi,
    ]) as unknown as Node;
    expect(Object.keys(document.paths as Node).length).toBeGreaterThan(8);
    expect(unbounded(document)).toEqual([]);
  });
});
