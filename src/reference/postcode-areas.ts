/**
 * UK postcode areas (the leading letters: "WR" in "WR2 6AJ") → an approximate GSS area, for places given only
 * by a postcode (OCDS delivery addresses, grant recipients, NHS trusts) while no ONS postcode lookup
 * (NSPL/ONSPD) is loaded.
 *
 * Approximate by design: a postcode area is a Royal Mail sorting area, not an administrative one. Where one
 * authority holds most of an area the table names it (WR → Worcestershire); where an area is split between
 * several authorities it names the region (B → West Midlands), and for Wales, Scotland and Northern Ireland
 * the nation. Areas straddling a border are given to the side holding most of the area (CH → North West,
 * although Flintshire is in Wales). Crown dependencies (GY, JE, IM) and non-geographic codes have no entry.
 * Compiled by hand from the Royal Mail area names and the ONS authority list (2026 codes).
 */
import type { Geography } from './types.ts';

export interface PostcodeAreaEntry {
  /** post town the area is named after */
  town: string;
  /** the authority (E06/E08/E09/E10) or combined authority (E47) holding most of the area, when one does */
  authority?: string;
  /** E12 region, or the nation outside England; always set */
  region: string;
}

const R_NE = 'E12000001';
const R_NW = 'E12000002';
const R_YH = 'E12000003';
const R_EM = 'E12000004';
const R_WM = 'E12000005';
const R_EE = 'E12000006';
const R_LDN = 'E12000007';
const R_SE = 'E12000008';
const R_SW = 'E12000009';
const R_WALES = 'W92000004';
const R_SCOTLAND = 'S92000003';
const R_NI = 'N92000002';

const e = (town: string, region: string, authority?: string): PostcodeAreaEntry =>
  authority === undefined ? { town, region } : { town, region, authority };

export const POSTCODE_AREAS: Readonly<Record<string, PostcodeAreaEntry>> = Object.freeze({
  AB: e('Aberdeen', R_SCOTLAND),
  AL: e('St Albans', R_EE, 'E10000015'), // Hertfordshire
  B: e('Birmingham', R_WM),
  BA: e('Bath', R_SW),
  BB: e('Blackburn', R_NW),
  BD: e('Bradford', R_YH, 'E08000032'),
  BH: e('Bournemouth', R_SW),
  BL: e('Bolton', R_NW, 'E47000001'), // Greater Manchester
  BN: e('Brighton', R_SE),
  BR: e('Bromley', R_LDN, 'E09000006'),
  BS: e('Bristol', R_SW),
  BT: e('Belfast', R_NI),
  CA: e('Carlisle', R_NW),
  CB: e('Cambridge', R_EE, 'E10000003'), // Cambridgeshire
  CF: e('Cardiff', R_WALES),
  CH: e('Chester', R_NW),
  CM: e('Chelmsford', R_EE, 'E10000012'), // Essex
  CO: e('Colchester', R_EE, 'E10000012'), // Essex
  CR: e('Croydon', R_LDN, 'E09000008'),
  CT: e('Canterbury', R_SE, 'E10000016'), // Kent
  CV: e('Coventry', R_WM),
  CW: e('Crewe', R_NW, 'E06000049'), // Cheshire East
  DA: e('Dartford', R_SE, 'E10000016'), // Kent (DA5–DA8, DA14–DA18 are in Bexley)
  DD: e('Dundee', R_SCOTLAND),
  DE: e('Derby', R_EM),
  DG: e('Dumfries', R_SCOTLAND),
  DH: e('Durham', R_NE, 'E06000047'), // County Durham
  DL: e('Darlington', R_NE),
  DN: e('Doncaster', R_YH),
  DT: e('Dorchester', R_SW, 'E06000059'), // Dorset
  DY: e('Dudley', R_WM),
  E: e('London E', R_LDN),
  EC: e('London EC', R_LDN, 'E09000001'), // City of London
  EH: e('Edinburgh', R_SCOTLAND),
  EN: e('Enfield', R_EE, 'E10000015'), // Hertfordshire (EN1–EN5 are in Enfield and Barnet)
  EX: e('Exeter', R_SW, 'E10000008'), // Devon
  FK: e('Falkirk', R_SCOTLAND),
  FY: e('Blackpool', R_NW),
  G: e('Glasgow', R_SCOTLAND),
  GL: e('Gloucester', R_SW, 'E10000013'), // Gloucestershire
  GU: e('Guildford', R_SE, 'E10000030'), // Surrey
  HA: e('Harrow', R_LDN),
  HD: e('Huddersfield', R_YH, 'E08000034'), // Kirklees
  HG: e('Harrogate', R_YH, 'E06000065'), // North Yorkshire
  HP: e('Hemel Hempstead', R_SE, 'E06000060'), // Buckinghamshire (HP1–HP4 are in Hertfordshire)
  HR: e('Hereford', R_WM, 'E06000019'), // Herefordshire
  HS: e('Outer Hebrides', R_SCOTLAND),
  HU: e('Hull', R_YH),
  HX: e('Halifax', R_YH, 'E08000033'), // Calderdale
  IG: e('Ilford', R_LDN),
  IP: e('Ipswich', R_EE, 'E10000029'), // Suffolk
  IV: e('Inverness', R_SCOTLAND),
  KA: e('Kilmarnock', R_SCOTLAND),
  KT: e('Kingston upon Thames', R_SE, 'E10000030'), // Surrey (KT1–KT6, KT9 are in London)
  KW: e('Kirkwall', R_SCOTLAND),
  KY: e('Kirkcaldy', R_SCOTLAND),
  L: e('Liverpool', R_NW, 'E47000004'), // Liverpool City Region
  LA: e('Lancaster', R_NW, 'E10000017'), // Lancashire
  LD: e('Llandrindod Wells', R_WALES),
  LE: e('Leicester', R_EM),
  LL: e('Llandudno', R_WALES),
  LN: e('Lincoln', R_EM, 'E10000019'), // Lincolnshire
  LS: e('Leeds', R_YH, 'E08000035'),
  LU: e('Luton', R_EE, 'E06000032'),
  M: e('Manchester', R_NW, 'E47000001'), // Greater Manchester
  ME: e('Rochester', R_SE, 'E10000016'), // Kent (and Medway)
  MK: e('Milton Keynes', R_SE, 'E06000042'),
  ML: e('Motherwell', R_SCOTLAND),
  N: e('London N', R_LDN),
  NE: e('Newcastle upon Tyne', R_NE),
  NG: e('Nottingham', R_EM),
  NN: e('Northampton', R_EM),
  NP: e('Newport', R_WALES),
  NR: e('Norwich', R_EE, 'E10000020'), // Norfolk
  NW: e('London NW', R_LDN),
  OL: e('Oldham', R_NW, 'E47000001'), // Greater Manchester
  OX: e('Oxford', R_SE, 'E10000025'), // Oxfordshire
  PA: e('Paisley', R_SCOTLAND),
  PE: e('Peterborough', R_EE),
  PH: e('Perth', R_SCOTLAND),
  PL: e('Plymouth', R_SW),
  PO: e('Portsmouth', R_SE),
  PR: e('Preston', R_NW, 'E10000017'), // Lancashire
  RG: e('Reading', R_SE),
  RH: e('Redhill', R_SE),
  RM: e('Romford', R_LDN),
  S: e('Sheffield', R_YH),
  SA: e('Swansea', R_WALES),
  SE: e('London SE', R_LDN),
  SG: e('Stevenage', R_EE, 'E10000015'), // Hertfordshire
  SK: e('Stockport', R_NW),
  SL: e('Slough', R_SE),
  SM: e('Sutton', R_LDN, 'E09000029'),
  SN: e('Swindon', R_SW),
  SO: e('Southampton', R_SE, 'E10000014'), // Hampshire (and Southampton)
  SP: e('Salisbury', R_SW, 'E06000054'), // Wiltshire
  SR: e('Sunderland', R_NE, 'E08000024'),
  SS: e('Southend-on-Sea', R_EE),
  ST: e('Stoke-on-Trent', R_WM),
  SW: e('London SW', R_LDN),
  SY: e('Shrewsbury', R_WM, 'E06000051'), // Shropshire (SY15–SY25 are in Wales)
  TA: e('Taunton', R_SW, 'E06000066'), // Somerset
  TD: e('Galashiels', R_SCOTLAND),
  TF: e('Telford', R_WM, 'E06000020'), // Telford and Wrekin
  TN: e('Tonbridge', R_SE),
  TQ: e('Torquay', R_SW),
  TR: e('Truro', R_SW, 'E06000052'), // Cornwall
  TS: e('Cleveland', R_NE, 'E47000006'), // Tees Valley
  TW: e('Twickenham', R_LDN),
  UB: e('Southall', R_LDN),
  W: e('London W', R_LDN),
  WA: e('Warrington', R_NW),
  WC: e('London WC', R_LDN),
  WD: e('Watford', R_EE, 'E10000015'), // Hertfordshire
  WF: e('Wakefield', R_YH, 'E08000036'),
  WN: e('Wigan', R_NW, 'E08000010'),
  WR: e('Worcester', R_WM, 'E10000034'), // Worcestershire
  WS: e('Walsall', R_WM),
  WV: e('Wolverhampton', R_WM),
  YO: e('York', R_YH),
  ZE: e('Lerwick', R_SCOTLAND),
});

/** "WR2 6AJ" → "WR", "sw1a2bq" → "SW"; undefined when the text does not look like a UK postcode or outward code */
export function postcodeArea(postcode: string): string | undefined {
  if (postcode.length > 16) return undefined; // a postcode is at most 8 characters, with some spaces
  const compact = postcode.replace(/\s+/g, '').toUpperCase();
  const m = /^([A-Z]{1,2})\d[A-Z\d]?(?:\d[A-Z]{2})?$/.exec(compact);
  return m ? m[1] : undefined;
}

export interface PostcodePlace {
  /** the GSS code: the authority when the geography knows it, else the region or nation */
  code: string;
  area: string;
  precision: 'authority' | 'region';
}

/**
 * The approximate GSS area of a postcode (see the module comment), or undefined for an unknown area, a crown
 * dependency or text that is not a postcode. When a geography is given, an authority code it does not know
 * falls back to the region, so the result is always a code the geography accepts (if it knows the regions).
 */
export function placeOfPostcode(postcode: string, geography?: Pick<Geography, 'has'>): PostcodePlace | undefined {
  const area = postcodeArea(postcode);
  const entry = area === undefined ? undefined : POSTCODE_AREAS[area];
  if (area === undefined || entry === undefined) return undefined;
  if (entry.authority !== undefined && (geography === undefined || geography.has(entry.authority))) {
    return { code: entry.authority, area, precision: 'authority' };
  }
  return { code: entry.region, area, precision: 'region' };
}
