/**
 * Approximate places for organisations that only give a postcode.
 *
 * A hand-made table: each English postcode area (the letters of the outward code, "EX" in "EX4 3PE") →
 * the current local authority (ONS GSS code) of the area's main post town. It is APPROXIMATE: a postcode
 * area often spans several authorities ("EX" covers most of Devon, not only Exeter; London areas are given
 * one borough each), and a few areas cross into Wales ("SY", "CH"). Areas wholly in Wales, Scotland, Northern
 * Ireland or the Crown dependencies are absent, so those organisations stay unresolved. A real postcode
 * lookup (ONS NSPL) would replace it; none was available.
 *
 * src/reference/postcode-areas.ts holds the shared, coarser table (the authority holding most of an area, else
 * the region). The demo needs one lower-tier authority per organisation, to place it and find its neighbours,
 * hence this finer "main post town" table.
 */

export const POSTCODE_AREA_TO_LAD: Readonly<Record<string, string>> = {
  AL: 'E07000240', // St Albans
  B: 'E08000025', // Birmingham
  BA: 'E06000022', // Bath and North East Somerset
  BB: 'E06000008', // Blackburn with Darwen
  BD: 'E08000032', // Bradford
  BH: 'E06000058', // Bournemouth, Christchurch and Poole
  BL: 'E08000001', // Bolton
  BN: 'E06000043', // Brighton and Hove
  BR: 'E09000006', // Bromley
  BS: 'E06000023', // Bristol
  CA: 'E06000063', // Cumberland (Carlisle)
  CB: 'E07000008', // Cambridge
  CH: 'E06000050', // Cheshire West and Chester (also Wirral, Flintshire)
  CM: 'E07000070', // Chelmsford
  CO: 'E07000071', // Colchester
  CR: 'E09000008', // Croydon
  CT: 'E07000106', // Canterbury
  CV: 'E08000026', // Coventry
  CW: 'E06000049', // Cheshire East (Crewe)
  DA: 'E07000107', // Dartford
  DE: 'E06000015', // Derby
  DH: 'E06000047', // County Durham
  DL: 'E06000005', // Darlington
  DN: 'E08000017', // Doncaster
  DT: 'E06000059', // Dorset (Dorchester)
  DY: 'E08000027', // Dudley
  E: 'E09000030', // London E: Tower Hamlets
  EC: 'E09000001', // City of London
  EN: 'E09000010', // Enfield
  EX: 'E07000041', // Exeter (the area covers most of Devon)
  FY: 'E06000009', // Blackpool
  GL: 'E07000081', // Gloucester
  GU: 'E07000209', // Guildford
  HA: 'E09000015', // Harrow
  HD: 'E08000034', // Kirklees (Huddersfield)
  HG: 'E06000065', // North Yorkshire (Harrogate)
  HP: 'E07000096', // Dacorum (Hemel Hempstead)
  HR: 'E06000019', // Herefordshire
  HU: 'E06000010', // Kingston upon Hull
  HX: 'E08000033', // Calderdale (Halifax)
  IG: 'E09000026', // Redbridge (Ilford)
  IP: 'E07000202', // Ipswich
  KT: 'E09000021', // Kingston upon Thames
  L: 'E08000012', // Liverpool
  LA: 'E07000121', // Lancaster
  LE: 'E06000016', // Leicester
  LN: 'E07000138', // Lincoln
  LS: 'E08000035', // Leeds
  LU: 'E06000032', // Luton
  M: 'E08000003', // Manchester
  ME: 'E06000035', // Medway
  MK: 'E06000042', // Milton Keynes
  N: 'E09000019', // London N: Islington
  NE: 'E08000021', // Newcastle upon Tyne
  NG: 'E06000018', // Nottingham
  NN: 'E06000062', // West Northamptonshire (Northampton)
  NR: 'E07000148', // Norwich
  NW: 'E09000007', // London NW: Camden
  OL: 'E08000004', // Oldham
  OX: 'E07000178', // Oxford
  PE: 'E06000031', // Peterborough
  PL: 'E06000026', // Plymouth
  PO: 'E06000044', // Portsmouth
  PR: 'E07000123', // Preston
  RG: 'E06000038', // Reading
  RH: 'E07000211', // Reigate and Banstead (Redhill)
  RM: 'E09000016', // Havering (Romford)
  S: 'E08000039', // Sheffield
  SE: 'E09000028', // London SE: Southwark
  SG: 'E07000243', // Stevenage
  SK: 'E08000007', // Stockport
  SL: 'E06000039', // Slough
  SM: 'E09000029', // Sutton
  SN: 'E06000030', // Swindon
  SO: 'E06000045', // Southampton
  SP: 'E06000054', // Wiltshire (Salisbury)
  SR: 'E08000024', // Sunderland
  SS: 'E06000033', // Southend-on-Sea
  ST: 'E06000021', // Stoke-on-Trent
  SW: 'E09000022', // London SW: Lambeth
  SY: 'E06000051', // Shropshire (Shrewsbury; the area reaches into Wales)
  TA: 'E06000066', // Somerset (Taunton)
  TF: 'E06000020', // Telford and Wrekin
  TN: 'E07000115', // Tonbridge and Malling
  TQ: 'E06000027', // Torbay
  TR: 'E06000052', // Cornwall (Truro)
  TS: 'E06000002', // Middlesbrough (Cleveland)
  TW: 'E09000027', // Richmond upon Thames (Twickenham)
  UB: 'E09000017', // Hillingdon (Uxbridge)
  W: 'E09000033', // London W: Westminster
  WA: 'E06000007', // Warrington
  WC: 'E09000007', // London WC: Camden
  WD: 'E07000103', // Watford
  WF: 'E08000036', // Wakefield
  WN: 'E08000010', // Wigan
  WR: 'E07000237', // Worcester
  WS: 'E08000030', // Walsall
  WV: 'E08000031', // Wolverhampton
  YO: 'E06000014', // York
};

/** The postcode area ("EX") of a postcode or outward code ("EX4 3PE", "ex4"); undefined when malformed. */
export function postcodeArea(postcode: string): string | undefined {
  const match = /^([A-Z]{1,2})\d/.exec(postcode.trim().toUpperCase());
  return match ? match[1] : undefined;
}

/** The approximate English local authority for a postcode; undefined outside England or when unknown. */
export function ladForPostcode(postcode: string): string | undefined {
  const area = postcodeArea(postcode);
  return area === undefined ? undefined : POSTCODE_AREA_TO_LAD[area];
}

/** NHS ODS `gor_code` (former Government Office Region letter) → ONS region (E12). Wales ('W') is absent. */
export const GOR_LETTER_TO_REGION: Readonly<Record<string, string>> = {
  A: 'E12000001', // North East
  B: 'E12000002', // North West
  D: 'E12000003', // Yorkshire and The Humber
  E: 'E12000004', // East Midlands
  F: 'E12000005', // West Midlands
  G: 'E12000006', // East of England
  H: 'E12000007', // London
  J: 'E12000008', // South East
  K: 'E12000009', // South West
};
