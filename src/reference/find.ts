/**
 * Finding a service (CPV code) or a place (GSS area) from what a person types: a code, a suggestion picked from
 * the type-ahead ("85311100 Welfare services for the elderly", "Exeter, district (E07000041)") or part of a name.
 * Used by the web app's tender form and its type-ahead; pure, linear in the reference data (9,454 CPV codes, a few
 * hundred areas), and every input is cut to MAX_TEXT characters first.
 */
import { searchWords } from '../shared/search-words.ts';
import type { Area, AreaLevel, CpvEntry, CpvTaxonomy, Geography } from './types.ts';

export const FIND_DEFAULTS = Object.freeze({
  /** characters of typed text considered */
  maxText: 200,
  /** suggestions returned */
  suggestions: 10,
  /** alternatives named when what was typed matches several */
  alternatives: 5,
});

export type Found<T> =
  { kind: 'found'; value: T } | { kind: 'unknown-code'; code: string } | { kind: 'none' } | { kind: 'several'; alternatives: T[] };

/** "85311100 Welfare services for the elderly": what the type-ahead shows and the form sends back. */
export function serviceText(entry: Pick<CpvEntry, 'code' | 'label'>): string {
  return `${entry.code} ${entry.label}`;
}

/** Services whose code starts with the typed digits, or whose label has every typed word as a word prefix. */
export function suggestServices(cpv: CpvTaxonomy, text: string, limit: number = FIND_DEFAULTS.suggestions): CpvEntry[] {
  const typed = text.slice(0, FIND_DEFAULTS.maxText).trim();
  const digits = /^\d{2,8}/.exec(typed)?.[0];
  if (digits) {
    const out: CpvEntry[] = [];
    for (const entry of cpv.all()) if (entry.code.startsWith(digits)) out.push(entry);
    return out.sort(byLevelThenCode).slice(0, limit);
  }
  const words = searchWords(typed, 8);
  if (words.length === 0) return [];
  const scored: { entry: CpvEntry; rank: number }[] = [];
  for (const { entry, label } of labelWords(cpv)) {
    if (!words.every((w) => label.some((l) => l.startsWith(w)))) continue;
    // Public-service divisions first, whole words before prefixes, broader codes before narrower, then shorter labels.
    const service = SERVICE_DIVISIONS.has(entry.code.slice(0, 2)) ? 0 : 1;
    const whole = words.every((w) => label.includes(w)) ? 0 : 1;
    scored.push({ entry, rank: service * 1000 + whole * 100 + entry.level * 10 + Math.min(9, Math.floor(label.length / 2)) });
  }
  return scored
    .sort((a, b) => a.rank - b.rank || compare(a.entry.code, b.entry.code))
    .slice(0, limit)
    .map((s) => s.entry);
}

/**
 * The one service meant by `text`: a leading 8-digit code (check digit allowed), a label typed in full, or part
 * of a label matching exactly one service.
 */
export function resolveService(cpv: CpvTaxonomy, text: string): Found<CpvEntry> {
  const typed = text.slice(0, FIND_DEFAULTS.maxText).trim();
  const code = /^(\d{8})(?:-\d)?(?:\s|$)/.exec(typed)?.[1];
  if (code) {
    const entry = cpv.get(code);
    return entry ? { kind: 'found', value: entry } : { kind: 'unknown-code', code };
  }
  if (/^\d+$/.test(typed)) return { kind: 'unknown-code', code: typed };
  const lower = typed.toLowerCase();
  const matches = suggestServices(cpv, typed, 50);
  const exact = matches.find((e) => e.label.toLowerCase() === lower);
  if (exact) return { kind: 'found', value: exact };
  if (matches.length === 1) return { kind: 'found', value: matches[0] };
  if (matches.length === 0) return { kind: 'none' };
  return { kind: 'several', alternatives: matches.slice(0, FIND_DEFAULTS.alternatives) };
}

const PLACE_LEVELS: readonly AreaLevel[] = ['lad', 'utla', 'cauth', 'region', 'nation'];
const LEVEL_WORD: Record<AreaLevel, string> = {
  lad: 'local authority',
  utla: 'county',
  cauth: 'combined authority',
  region: 'region',
  nation: 'nation',
  country_group: 'country group',
};

/** "Exeter, local authority in Devon (E07000041)": what the type-ahead shows and the form sends back. */
export function placeText(geography: Geography, area: Area): string {
  // A unitary authority is both a LAD and its own upper tier: call it a local authority and name no county.
  const county = area.level === 'lad' && area.utla && area.utla !== area.code ? geography.get(area.utla)?.name : undefined;
  return `${area.name}, ${LEVEL_WORD[area.level]}${county ? ` in ${county}` : ''} (${area.code})`;
}

/** Places (authorities, counties, combined authorities, regions, nations) whose name has every typed word as a word prefix. */
export function suggestPlaces(geography: Geography, text: string, limit: number = FIND_DEFAULTS.suggestions): Area[] {
  const typed = text.slice(0, FIND_DEFAULTS.maxText).trim();
  const code = /^[EWSNK]\d{1,8}$/i.exec(typed)?.[0].toUpperCase();
  const words = code ? [] : searchWords(typed, 8);
  if (!code && words.length === 0) return [];
  const scored: { area: Area; rank: number }[] = [];
  for (const { area, name } of placeWords(geography)) {
    let rank: number;
    if (code) {
      if (!area.code.startsWith(code)) continue;
      rank = 0;
    } else {
      if (!words.every((w) => name.some((n) => n.startsWith(w)))) continue;
      // A name typed in full first, then names starting with the first word, then the rest; wider areas first.
      rank = (name.join(' ') === words.join(' ') ? 0 : name[0].startsWith(words[0]) ? 10 : 20) + PLACE_LEVELS.indexOf(area.level);
    }
    scored.push({ area, rank });
  }
  return scored
    .sort((a, b) => a.rank - b.rank || compare(a.area.name, b.area.name))
    .slice(0, limit)
    .map((s) => s.area);
}

/** The one place meant by `text`: a GSS code (alone or in brackets at the end), a name typed in full, or part of one name. */
export function resolvePlace(geography: Geography, text: string): Found<Area> {
  const typed = text.slice(0, FIND_DEFAULTS.maxText).trim();
  const code = (/\(([EWSNK]\d{8})\)$/i.exec(typed) ?? /^([EWSNK]\d{8})$/i.exec(typed))?.[1].toUpperCase();
  if (code) {
    const canonical = geography.canonical(code);
    const area = canonical === undefined ? undefined : geography.get(canonical);
    return area && PLACE_LEVELS.includes(area.level) ? { kind: 'found', value: area } : { kind: 'unknown-code', code };
  }
  const matches = suggestPlaces(geography, typed, 50);
  const lower = typed.toLowerCase();
  const exact = matches.filter((a) => a.name.toLowerCase() === lower);
  // Two areas of one name (a county and a district both called "Durham"?) are for the person to choose between.
  if (exact.length === 1) return { kind: 'found', value: exact[0] };
  if (exact.length > 1) return { kind: 'several', alternatives: exact.slice(0, FIND_DEFAULTS.alternatives) };
  if (matches.length === 1) return { kind: 'found', value: matches[0] };
  if (matches.length === 0) return { kind: 'none' };
  return { kind: 'several', alternatives: matches.slice(0, FIND_DEFAULTS.alternatives) };
}

/** The CPV divisions public-service tenders use: health and social work, education, culture, administration, business, community. */
const SERVICE_DIVISIONS = new Set(['85', '80', '92', '75', '79', '98']);

const labelCache = new WeakMap<CpvTaxonomy, { entry: CpvEntry; label: string[] }[]>();

/** Each entry's label as searchWords, computed once per taxonomy. */
function labelWords(cpv: CpvTaxonomy): { entry: CpvEntry; label: string[] }[] {
  let words = labelCache.get(cpv);
  if (!words) {
    words = [...cpv.all()].map((entry) => ({ entry, label: searchWords(entry.label) }));
    labelCache.set(cpv, words);
  }
  return words;
}

const placeCache = new WeakMap<Geography, { area: Area; name: string[] }[]>();

/** Each place's name as searchWords, computed once per geography. */
function placeWords(geography: Geography): { area: Area; name: string[] }[] {
  let words = placeCache.get(geography);
  if (!words) {
    words = [...geography.all()].filter((a) => PLACE_LEVELS.includes(a.level)).map((area) => ({ area, name: searchWords(area.name) }));
    placeCache.set(geography, words);
  }
  return words;
}

function byLevelThenCode(a: CpvEntry, b: CpvEntry): number {
  return a.level - b.level || compare(a.code, b.code);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
