/**
 * The CPV 2008 taxonomy as an in-memory tree (Commission Regulation (EC) No 213/2008).
 * Built once from plain rows; get/has/lineage/sectorOf are O(1) lookups into precomputed maps, and
 * descendants are computed on first request per code and cached.
 */
import { ReferenceDataError } from './errors.ts';
import { sectorLabel, sectorOfCode } from './sectors.ts';
import type { CpvEntry, CpvTaxonomy, Sector } from './types.ts';

/** One row of the CPV list, already mapped from the CSV columns by the loader. */
export interface CpvRow {
  code: string;
  label: string;
  level: number;
  /** nearest existing ancestor; empty or undefined for a division */
  parent?: string;
}

export interface CpvTaxonomyOptions {
  /** codes in the light-touch regime list (social and other specific services) */
  lightRegime?: Iterable<string>;
}

const CODE = /^\d{8}$/;

/**
 * "85311300-5" or " 85311300 " → "85311300"; other input is returned trimmed and unchanged. A code already in
 * normal form (eight digits) is returned as it is without the trim and the regex: every taxonomy look-up of the
 * matching hot path passes one (issue 18).
 */
export function normaliseCpvCode(code: string): string {
  if (isEightDigits(code)) return code;
  const trimmed = code.trim();
  return /^\d{8}-\d$/.test(trimmed) ? trimmed.slice(0, 8) : trimmed;
}

function isEightDigits(code: string): boolean {
  if (code.length !== 8) return false;
  for (let i = 0; i < 8; i++) {
    const c = code.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/**
 * Builds the taxonomy.
 * @throws ReferenceDataError when a code is malformed or duplicated, or a parent is missing (a bad data file).
 */
export function buildCpvTaxonomy(rows: Iterable<CpvRow>, options: CpvTaxonomyOptions = {}): CpvTaxonomy {
  const light = new Set(options.lightRegime ?? []);
  const entries = new Map<string, CpvEntry>();
  const children = new Map<string, string[]>();

  for (const row of rows) {
    if (!CODE.test(row.code)) throw new ReferenceDataError('cpv', `malformed code "${row.code}"`);
    if (entries.has(row.code)) throw new ReferenceDataError('cpv', `duplicate code ${row.code}`);
    const entry: CpvEntry = { code: row.code, label: row.label, level: row.level };
    if (row.parent) entry.parent = row.parent;
    if (light.has(row.code)) entry.lightRegime = true;
    entries.set(row.code, Object.freeze(entry));
  }

  const lineages = new Map<string, readonly string[]>();
  const sectors = new Map<string, Sector>();
  for (const entry of entries.values()) {
    if (entry.parent !== undefined) {
      if (!entries.has(entry.parent)) throw new ReferenceDataError('cpv', `${entry.code} has unknown parent ${entry.parent}`);
      const siblings = children.get(entry.parent);
      if (siblings) siblings.push(entry.code);
      else children.set(entry.parent, [entry.code]);
    }
    sectors.set(entry.code, sectorOfCode(entry.code));
  }
  for (const code of entries.keys()) lineages.set(code, Object.freeze(lineageOf(code, entries)));
  for (const code of light) {
    if (!entries.has(code)) throw new ReferenceDataError('cpv', `light-regime code ${code} is not in the CPV list`);
  }

  const descendantCache = new Map<string, readonly string[]>();
  const descendantsOf = (code: string): readonly string[] => {
    const cached = descendantCache.get(code);
    if (cached) return cached;
    const out: string[] = [code];
    for (const child of children.get(code) ?? []) out.push(...descendantsOf(child));
    const frozen = Object.freeze(out);
    descendantCache.set(code, frozen);
    return frozen;
  };

  return {
    get: (code) => entries.get(normaliseCpvCode(code)),
    has: (code) => entries.has(normaliseCpvCode(code)),
    describe(code) {
      const c = normaliseCpvCode(code);
      const entry = entries.get(c);
      return entry ? `${entry.code} ${entry.label}` : c;
    },
    lineage(code) {
      const c = normaliseCpvCode(code);
      return lineages.get(c) ?? [];
    },
    isWithin(code, ancestor) {
      const c = normaliseCpvCode(code);
      const a = normaliseCpvCode(ancestor);
      if (c === a) return entries.has(c);
      return lineages.get(c)?.includes(a) ?? false;
    },
    descendants(code) {
      const c = normaliseCpvCode(code);
      return entries.has(c) ? descendantsOf(c) : [];
    },
    sectorOf(code) {
      const c = normaliseCpvCode(code);
      return sectors.get(c) ?? sectorOfCode(c);
    },
    sectorLabel,
    all: () => entries.values(),
  };
}

function lineageOf(code: string, entries: ReadonlyMap<string, CpvEntry>): string[] {
  const out: string[] = [];
  for (let c: string | undefined = code; c !== undefined; c = entries.get(c)?.parent) {
    if (out.length > 8) throw new ReferenceDataError('cpv', `parent cycle at ${code}`);
    out.push(c);
  }
  return out;
}
