import type { Organisation } from './schema.ts';

/**
 * The fields that differ between two versions of an organisation, for the audit log: top-level names, and
 * `private.<field>` for the private part (names only — the log never holds private values). Equal JSON is unchanged.
 */
export function changedFields(before: Organisation | undefined, after: Organisation): string[] {
  if (!before) return ['(created)'];
  const out: string[] = [];
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]) as Set<keyof Organisation>;
  for (const key of [...keys].sort()) {
    if (key === 'private') continue;
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) out.push(key);
  }
  const b = before.private ?? {};
  const a = after.private ?? {};
  for (const key of [...new Set([...Object.keys(b), ...Object.keys(a)])].sort()) {
    if (JSON.stringify((b as Record<string, unknown>)[key]) !== JSON.stringify((a as Record<string, unknown>)[key]))
      out.push(`private.${key}`);
  }
  return out;
}
