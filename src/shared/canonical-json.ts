/** JSON with object keys sorted, so equal records serialise equally whatever order their keys were set in. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      return Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    }
    return v;
  });
}

/**
 * The same value with every plain object's keys in canonicalJson's order (a copy; arrays copied, other values kept),
 * so that JSON.stringify of it equals canonicalJson of the value. A store that keeps records in this order holds
 * them as it reads them back from canonical JSON after a restart: a record's text is then the same in the process
 * that wrote it and in any other (the incremental refresh compares records by their text).
 */
export function inCanonicalOrder<T>(value: T): T {
  if (Array.isArray(value)) return value.map(inCanonicalOrder) as T;
  if (value === null || typeof value !== 'object') return value;
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)))
    out[key] = inCanonicalOrder((value as Record<string, unknown>)[key]);
  return out as T;
}
