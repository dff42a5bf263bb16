/**
 * fast-check arbitraries derived from the zod schemas (through their JSON Schema, z.toJSONSchema): values that mostly
 * pass validation, so a fuzzer reaches the code behind it, plus hostile variants (a field replaced by anything, text
 * and lists past their bounds, deep nesting, wrong types) so it also exercises every rejection path.
 */
import fc from 'fast-check';
import { z } from 'zod';

type Schema = Record<string, unknown>;

export interface ArbitraryOptions {
  /** property name → arbitrary, for fields that must name stored things to get past a 404 (seekerId, tenderId) */
  overrides?: Record<string, fc.Arbitrary<unknown>>;
  /** most items generated per list (the schemas allow hundreds; a handful reaches the same code) */
  maxItems?: number;
}

/** Values shaped by `schema`'s JSON Schema (input side, defaults optional). */
export function arbitraryOf(schema: z.ZodType, options: ArbitraryOptions = {}): fc.Arbitrary<unknown> {
  const root = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Schema;
  const defs = (root.$defs ?? {}) as Record<string, Schema>;
  const maxItems = options.maxItems ?? 4;
  const cache = new Map<string, fc.Arbitrary<unknown>>();

  const of = (node: Schema, name?: string): fc.Arbitrary<unknown> => {
    if (name && options.overrides?.[name]) return options.overrides[name];
    if (typeof node.$ref === 'string') {
      const id = node.$ref.split('/').at(-1)!;
      if (!cache.has(id)) {
        cache.set(
          id,
          fc.constant(null).chain(() => of(defs[id])),
        );
      }
      return cache.get(id)!;
    }
    if (Array.isArray(node.enum)) return fc.constantFrom(...(node.enum as unknown[]));
    if ('const' in node) return fc.constant(node.const);
    for (const key of ['anyOf', 'oneOf'] as const)
      if (Array.isArray(node[key])) return fc.oneof(...(node[key] as Schema[]).map((n) => of(n)));
    if (Array.isArray(node.allOf)) return of((node.allOf as Schema[])[0]);
    const type = [node.type].flat()[0];
    switch (type) {
      case 'string':
        return stringOf(node);
      case 'integer':
      case 'number': {
        const min = typeof node.minimum === 'number' ? node.minimum : -1e6;
        const max = typeof node.maximum === 'number' ? node.maximum : 1e6;
        return type === 'integer'
          ? fc.integer({ min: Math.ceil(Math.max(min, -(2 ** 31))), max: Math.floor(Math.min(max, 2 ** 31 - 1)) })
          : fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
      }
      case 'boolean':
        return fc.boolean();
      case 'null':
        return fc.constant(null);
      case 'array': {
        const items = (node.items ?? {}) as Schema;
        const minLength = typeof node.minItems === 'number' ? node.minItems : 0;
        return fc.array(of(items), { minLength, maxLength: Math.max(minLength, maxItems) });
      }
      case 'object': {
        const properties = (node.properties ?? {}) as Record<string, Schema>;
        if (Object.keys(properties).length === 0) {
          const values = node.additionalProperties;
          if (values && typeof values === 'object')
            return fc.dictionary(stringOf((node.propertyNames ?? {}) as Schema), of(values as Schema), { maxKeys: maxItems });
          return fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 });
        }
        const required = new Set((node.required ?? []) as string[]);
        const entries = Object.fromEntries(Object.entries(properties).map(([key, value]) => [key, of(value, key)]));
        return fc.record(entries, { requiredKeys: [...required].filter((k) => k in entries) });
      }
      default:
        return fc.jsonValue({ maxDepth: 2 });
    }
  };
  return of(root);
}

function stringOf(node: Schema): fc.Arbitrary<string> {
  const max = typeof node.maxLength === 'number' ? Math.min(node.maxLength, 60) : 60;
  const min = typeof node.minLength === 'number' ? Math.min(node.minLength, max) : 0;
  if (node.format === 'date-time')
    return fc
      .date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2110-01-01T00:00:00Z'), noInvalidDate: true })
      .map((d) => d.toISOString());
  if (typeof node.pattern === 'string') {
    try {
      return fc
        .stringMatching(new RegExp(node.pattern))
        .filter((s) => s.length >= min && s.length <= ((node.maxLength as number | undefined) ?? Infinity));
    } catch {
      // a pattern JavaScript cannot read: plain text
    }
  }
  return fc.string({ minLength: min, maxLength: max });
}

/** Hostile values: anything JSON can hold, wrong types, text and lists far past any bound, deep nesting. */
export const hostile: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom(null, true, 0, -1, 1e308, '', [], {}),
  fc.integer({ min: 1001, max: 30_000 }).map((n) => 'x'.repeat(n)),
  fc.integer({ min: 501, max: 5000 }).map((n) => new Array<number>(n).fill(1)),
  fc.integer({ min: 65, max: 300 }).map((depth) => JSON.parse(`${'['.repeat(depth)}${']'.repeat(depth)}`) as unknown),
  fc.constantFrom(JSON.parse('{"__proto__":{"polluted":true}}') as unknown, { constructor: { prototype: { polluted: true } } }),
);

/**
 * A request body for `schema`: mostly well-formed, a share with one field replaced by a hostile value, a share
 * entirely hostile.
 */
export function fuzzedBody(schema: z.ZodType, options: ArbitraryOptions = {}): fc.Arbitrary<unknown> {
  const valid = arbitraryOf(schema, options);
  const oneFieldBroken = fc.tuple(valid, fc.nat(), hostile).map(([value, pick, bad]) => {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return bad;
    const keys = Object.keys(value);
    if (keys.length === 0) return { unexpected: bad };
    return { ...value, [keys[pick % keys.length]]: bad };
  });
  return fc.oneof({ weight: 4, arbitrary: valid }, { weight: 3, arbitrary: oneFieldBroken }, { weight: 1, arbitrary: hostile });
}
