/**
 * CPV codes in OCDS classifications: `{scheme: "CPV", id: "85311000"}` with or without the check digit
 * ("85311000-2"), sometimes as a number (leading zero lost: 3000000 for 03000000) or with spaces.
 */
import type { CpvTaxonomy } from '../../reference/types.ts';
import { arr, obj, str } from '../../shared/loose-json.ts';

/** The 8-digit code of a CPV id as published, or undefined when it is not one. */
export function normaliseCpvId(id: unknown): string | undefined {
  const raw = typeof id === 'number' && Number.isInteger(id) ? String(id).padStart(8, '0') : str(id);
  if (raw === undefined) return undefined;
  const compact = raw.replace(/\s+/g, '');
  const m = /^(\d{8})(?:-?\d)?$/.exec(compact) ?? /^(\d{7})$/.exec(compact);
  if (!m) return undefined;
  return m[1].padStart(8, '0');
}

/**
 * Collects the usable CPV codes of classifications (objects with scheme and id), in order and without
 * repeats; classifications in other schemes (CPVS, UNSPSC, …) are skipped silently, malformed or unknown
 * CPV codes are dropped with a warning.
 */
export class CpvCollector {
  readonly codes: string[] = [];
  private readonly seen = new Set<string>();
  constructor(
    private readonly cpv: CpvTaxonomy,
    private readonly warnings: string[],
  ) {}

  addClassification(classification: unknown, where: string): void {
    const c = obj(classification);
    if (!c) return;
    const scheme = str(c.scheme)?.toUpperCase();
    if (scheme !== undefined && scheme !== 'CPV') return;
    const code = normaliseCpvId(c.id);
    if (code === undefined) {
      if (c.id !== undefined) this.warnings.push(`${where}: CPV id ${JSON.stringify(c.id)} is not a CPV code, dropped`);
      return;
    }
    if (scheme === undefined && !this.cpv.has(code)) return; // no scheme and not a CPV code: some other list
    if (!this.cpv.has(code)) {
      this.warnings.push(`${where}: unknown CPV code ${code} dropped`);
      return;
    }
    if (!this.seen.has(code)) {
      this.seen.add(code);
      this.codes.push(code);
    }
  }

  /** an item's or tender's `classification` and `additionalClassifications` */
  addAllOf(holder: unknown, where: string): void {
    const h = obj(holder);
    if (!h) return;
    this.addClassification(h.classification, where);
    for (const c of arr(h.additionalClassifications)) this.addClassification(c, where);
  }
}
