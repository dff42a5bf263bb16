/**
 * Delivery places of an OCDS tender → GSS areas.
 *
 * Sources, all unioned (a tender delivered in several places lists them all):
 * - `items[].deliveryAddresses[].region` (and the singular `deliveryAddress`): Contracts Finder writes region
 *   names ("Yorkshire and the Humber", "England"); Public Contracts Scotland and Sell2Wales write NUTS 2016
 *   codes (UKM71, UKL18, UKM, UK); ITL codes (TLK4) and GSS codes are accepted too. A NUTS area that is not
 *   exactly one GSS area is given as its LADs (UKM75 → East Lothian, Midlothian).
 * - `postalCode`: the postcode area table (src/reference/postcode-areas.ts), approximate by design.
 * - `countryName`, only in an address with no region, postcode or locality (Contracts Finder's nationwide
 *   "United Kingdom"); countries the geography does not know (Channel Islands, Europe…) are ignored.
 * - `locality` and `items[].deliveryLocation(s).description`: free text, matched by name through the
 *   geography ("Swansea", "Fife Council Area", "Throughout Scotland"); unmatched text is ignored silently,
 *   since most of it is street addresses.
 */
import type { Geography } from '../../reference/types.ts';
import { placeOfPostcode } from '../../reference/postcode-areas.ts';
import { arr, obj, str, type JsonObject } from '../../shared/loose-json.ts';
import { repairText, truncate } from './text.ts';

const NUTS_OR_ITL = /^(?:UK|TL)(?:[C-N][0-9A-Z]{0,3})?$/;
const GSS = /^[EWSNK]\d{8}$/;

/** Collects GSS codes in order, without repeats. */
class AreaSet {
  readonly codes: string[] = [];
  private readonly seen = new Set<string>();
  add(code: string): void {
    if (GSS.test(code) && !this.seen.has(code)) {
      this.seen.add(code);
      this.codes.push(code);
    }
  }
}

export function deliveryAreas(tender: JsonObject, geography: Geography, warnings: string[]): string[] {
  const areas = new AreaSet();
  // Free text is read up to a budget per tender, so a release of thousands of long localities costs no more than one
  // of MAX_PLACE_TEXT_PER_TENDER characters (real ones use a few hundred).
  let budget = MAX_PLACE_TEXT_PER_TENDER;
  const placesIn = (text: string) => {
    if (budget <= 0) return;
    const read = text.slice(0, Math.min(budget, MAX_PLACE_TEXT));
    budget -= read.length;
    if (budget <= 0) warnings.push(`free-text places beyond the first ${MAX_PLACE_TEXT_PER_TENDER} characters were not read`);
    freeTextToAreas(read, geography).forEach((c) => areas.add(c));
  };
  for (const item of arr(tender.items)) {
    const it = obj(item);
    if (!it) continue;
    const addresses = [...arr(it.deliveryAddresses), ...(it.deliveryAddress ? [it.deliveryAddress] : [])];
    for (const address of addresses) {
      const a = obj(address);
      if (!a) continue;
      const region = str(a.region);
      if (region !== undefined) {
        const codes = regionToAreas(region, geography);
        if (codes.length === 0) warnings.push(`delivery region "${truncate(region, 60)}" not recognised`);
        codes.forEach((c) => areas.add(c));
      }
      const postcode = str(a.postalCode);
      if (postcode !== undefined) {
        const place = placeOfPostcode(postcode, geography);
        if (place === undefined) warnings.push(`delivery postcode "${truncate(postcode, 60)}" not recognised`);
        else areas.add(place.code);
      }
      const locality = str(a.locality);
      if (locality !== undefined) placesIn(locality);
      // Contracts Finder writes a nationwide location as an address holding only a country ("United Kingdom")
      const country = str(a.countryName);
      if (country !== undefined && region === undefined && postcode === undefined && locality === undefined) {
        const code = geography.fromName(country);
        if (code !== undefined) areas.add(code);
      }
    }
    const locations = [...arr(it.deliveryLocations), ...(it.deliveryLocation ? [it.deliveryLocation] : [])];
    for (const location of locations) {
      const description = str(obj(location)?.description);
      if (description !== undefined) placesIn(description);
    }
  }
  return areas.codes;
}

/** A region as the portals write it (NUTS/ITL code, GSS code, or a name) → GSS codes; [] when unknown. */
export function regionToAreas(region: string, geography: Geography): string[] {
  if (region.length > MAX_CANDIDATE) return []; // codes and region names are short
  const code = region.trim().toUpperCase().replace(/\s+/g, '');
  if (NUTS_OR_ITL.test(code)) {
    const area = geography.fromNutsOrItl(code);
    const lads = geography.ladsForNutsOrItl?.(code);
    if (area !== undefined && (lads === undefined || geography.lads(area).length <= lads.length)) return [area];
    if (lads !== undefined && lads.length > 0) return [...lads];
    return area === undefined ? [] : [area];
  }
  if (GSS.test(code)) {
    const canonical = geography.canonical?.(code) ?? (geography.has(code) ? code : undefined);
    return canonical === undefined ? [] : [canonical];
  }
  const named = geography.fromName(region);
  return named === undefined ? [] : [named];
}

const LEADING_NOISE =
  /^(?:(?:throughout|across|within|in|the|all|whole of|various locations in|various locations across|various sites in|locations in|sites in|across the|area of|county of)\s+)+/i;
const TRAILING_NOISE = /\s+(?:council area|area|region|and surrounding areas?|and surroundings?|wide|-wide)$/i;

/** A place name is at most this long once filler words are removed (the longest in the geography is 36). */
const MAX_NAME = 80;
/** A stretch of text longer than this cannot be a place name, even with filler words around it: it is not looked up. */
const MAX_CANDIDATE = 160;
/**
 * "and"-joined parts one place name can span: names have at most one "and" ("Perth and Kinross"), and a filler
 * phrase may add one ("Devon and surrounding areas"); one spare. A test checks it against every name.
 */
export const MAX_RUN_PARTS = 4;
/** Characters of one free-text place field that are read: real ones are under 200; the rest is ignored. */
export const MAX_PLACE_TEXT = 1_000;
/** Characters of free-text places read per tender, all fields together (see deliveryAreas). */
export const MAX_PLACE_TEXT_PER_TENDER = 10_000;
const JOINER = ' and ';

/**
 * Free-text place descriptions → GSS codes of the places named in them: the whole text, then each piece
 * between commas, semicolons, slashes, brackets and line breaks, and within a piece the longest run of
 * "and"-joined parts that names a place, left to right ("Inverclyde and Perth and Kinross" → both), with filler
 * words removed ("Throughout Scotland", "Fife Council Area"). Only the first MAX_PLACE_TEXT characters are read.
 *
 * Linear in the length of the text read: each part starts at most MAX_RUN_PARTS runs of at most MAX_CANDIDATE
 * characters. (Trying every run of parts, of any length, was cubic: a 7.7 KB locality took 8.6 s.)
 */
export function freeTextToAreas(text: string, geography: Geography): string[] {
  const named = (name: string): string | undefined =>
    name.length >= 2 && name.length <= MAX_NAME && !/^\d/.test(name) ? geography.fromName(name) : undefined;
  const cleanedName = (candidate: string): string | undefined =>
    candidate.length > MAX_CANDIDATE ? undefined : named(cleanPlace(candidate));
  const repaired = repairText(text.slice(0, MAX_PLACE_TEXT));
  const whole = named(repaired) ?? cleanedName(repaired);
  if (whole !== undefined) return [whole];
  const out = new AreaSet();
  for (const piece of repaired.split(/[,;/\n()]/)) {
    const parts = piece.replace(/\s+/g, ' ').split(/ (?:and|&) /);
    for (let i = 0; i < parts.length;) {
      // the longest run parts[i, j) that could be a name, then shorter ones until one names a place
      let matched = 0;
      for (let j = Math.min(parts.length, i + MAX_RUN_PARTS); j > i && matched === 0; j--) {
        const code = cleanedName(parts.slice(i, j).join(JOINER));
        if (code !== undefined) {
          out.add(code);
          matched = j - i;
        }
      }
      i += Math.max(matched, 1);
    }
  }
  return out.codes;
}

/** Filler words around a place name removed: "Throughout the whole of Fife Council Area." → "Fife". */
function cleanPlace(candidate: string): string {
  return candidate
    .trim()
    .replace(/[.!]+$/, '')
    .replace(LEADING_NOISE, '')
    .replace(TRAILING_NOISE, '')
    .trim();
}
