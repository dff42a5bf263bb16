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
import { repairText } from './text.ts';

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
        if (codes.length === 0) warnings.push(`delivery region "${region}" not recognised`);
        codes.forEach((c) => areas.add(c));
      }
      const postcode = str(a.postalCode);
      if (postcode !== undefined) {
        const place = placeOfPostcode(postcode, geography);
        if (place === undefined) warnings.push(`delivery postcode "${postcode}" not recognised`);
        else areas.add(place.code);
      }
      const locality = str(a.locality);
      if (locality !== undefined) freeTextToAreas(locality, geography).forEach((c) => areas.add(c));
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
      if (description !== undefined) freeTextToAreas(description, geography).forEach((c) => areas.add(c));
    }
  }
  return areas.codes;
}

/** A region as the portals write it (NUTS/ITL code, GSS code, or a name) → GSS codes; [] when unknown. */
export function regionToAreas(region: string, geography: Geography): string[] {
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

/**
 * Free-text place descriptions → GSS codes of the places named in them: the whole text, then each piece
 * between commas, semicolons, slashes, line breaks and "and", with filler words removed.
 */
export function freeTextToAreas(text: string, geography: Geography): string[] {
  const clean = (s: string): string =>
    s
      .trim()
      .replace(/[.!]+$/, '')
      .replace(LEADING_NOISE, '')
      .replace(TRAILING_NOISE, '')
      .trim();
  const lookup = (candidate: string): string | undefined =>
    candidate.length < 2 || candidate.length > 80 || /^\d/.test(candidate) ? undefined : geography.fromName(candidate);
  const repaired = repairText(text);
  const whole = lookup(repaired) ?? lookup(clean(repaired));
  if (whole !== undefined) return [whole];
  const out = new AreaSet();
  for (const piece of repaired.split(/[,;/\n()]/)) {
    // "Inverclyde and Perth and Kinross": the longest run of "and"-joined parts that names a place, left to right
    const parts = piece.split(/\s+(?:and|&)\s+/);
    for (let i = 0; i < parts.length;) {
      let matched = 0;
      for (let j = parts.length; j > i && matched === 0; j--) {
        const code = lookup(clean(parts.slice(i, j).join(' and ')));
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
