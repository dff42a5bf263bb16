/**
 * "Find your organisation": by name (words of it, in any order), by id, or by postcode area — the letters of a
 * postcode, which stand for an approximate place (src/reference/postcode-areas.ts) — or by name within a postcode
 * area. The story: validate → resolve the postcode area to a place and its authorities → look up the id → search
 * the store. Throws ValidationError naming `text` or `postcode`.
 */
import { POSTCODE_AREAS, placeOfPostcode, type PostcodePlace } from '../reference/postcode-areas.ts';
import type { Geography } from '../reference/types.ts';
import type { CoreDeps } from '../shared/deps.ts';
import { ValidationError, type FieldIssue } from '../shared/errors.ts';
import { searchWords } from '../shared/search-words.ts';
import type { Organisation } from './schema.ts';

export const ORGANISATION_SEARCH_DEFAULTS = Object.freeze({ limit: 20, maxLimit: 100, maxWords: 8, maxText: 200 });

export interface OrganisationQuery {
  /** name words or an id */
  text: string;
  /** a postcode ("EX4 3PE"), an outward code ("EX4") or a postcode area ("EX") */
  postcode: string;
  offset: number;
  limit: number;
}

export interface OrganisationMatches {
  /** the organisation whose id is exactly the text, when there is one */
  exact?: Organisation;
  /** the place the postcode stands for */
  place?: PostcodePlace & { name: string };
  items: Organisation[];
  total: number;
}

export async function findOrganisations(deps: Pick<CoreDeps, 'store' | 'ref'>, query: OrganisationQuery): Promise<OrganisationMatches> {
  const text = query.text.slice(0, ORGANISATION_SEARCH_DEFAULTS.maxText).trim();
  const postcode = query.postcode.slice(0, 20).trim();
  const issues: FieldIssue[] = [];
  if (text === '' && postcode === '') issues.push({ path: 'text', message: 'enter your organisation’s name or id, or a postcode area' });
  const place = postcode === '' ? undefined : postcodePlace(postcode, deps.ref.geography);
  if (postcode !== '' && !place)
    issues.push({ path: 'postcode', message: 'enter a postcode or postcode area in the UK, like EX4 3PE, EX4 or EX' });
  const words = searchWords(text, ORGANISATION_SEARCH_DEFAULTS.maxWords);
  if (text !== '' && words.length === 0)
    issues.push({ path: 'text', message: 'enter letters or digits of your organisation’s name or id' });
  if (issues.length > 0) throw new ValidationError(issues);

  const limit = Math.min(Math.max(1, query.limit), ORGANISATION_SEARCH_DEFAULTS.maxLimit);
  const areaCodes = place ? placeCodes(place.code, deps.ref.geography) : undefined;
  const [exact, page] = await Promise.all([
    /^[A-Za-z0-9][A-Za-z0-9._:-]{2,119}$/.test(text) ? deps.store.getOrganisation(text) : undefined,
    deps.store.searchOrganisations({ words, areaCodes, offset: Math.max(0, query.offset), limit }),
  ]);
  return {
    ...(exact ? { exact } : {}),
    ...(place ? { place: { ...place, name: deps.ref.geography.name(place.code) } } : {}),
    items: page.items,
    total: page.total,
  };
}

/** A postcode, outward code or bare area ("EX") → its approximate place. */
function postcodePlace(postcode: string, geography: Geography): PostcodePlace | undefined {
  const letters = postcode.replace(/\s+/g, '').toUpperCase();
  if (/^[A-Z]{1,2}$/.test(letters)) {
    const entry = POSTCODE_AREAS[letters];
    if (!entry) return undefined;
    return entry.authority !== undefined && geography.has(entry.authority)
      ? { code: entry.authority, area: letters, precision: 'authority' }
      : { code: entry.region, area: letters, precision: 'region' };
  }
  return placeOfPostcode(postcode, geography);
}

/** The place, its lower-tier authorities and their upper tiers: where an organisation of that place says it works. */
function placeCodes(code: string, geography: Geography): string[] {
  const codes = new Set([code]);
  for (const lad of geography.lads(code)) {
    codes.add(lad);
    const utla = geography.get(lad)?.utla;
    if (utla) codes.add(utla);
  }
  return [...codes];
}
