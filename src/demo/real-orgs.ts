/**
 * Real organisations → drafts. Real: id, name, home place (district code, else the approximate
 * postcode-area table), kind and legal form where the source states an organisation type, income where
 * given, NHS trusts' opening year. Inferred: services from grant titles and descriptions (keywords), kind and
 * legal form from the id scheme and name when no type is given. Everything else is synthetic, drawn from a
 * stream keyed by the organisation id (so adding a row does not change the others). Each draft's `sources` say
 * which facts are real or inferred and from what; the rest is marked synthetic (./provenance.ts).
 */
import type { LegalForm, OrganisationKind } from '../organisations/schema.ts';
import {
  drawFoundedYear,
  drawLargestContractShare,
  drawOpenToPartnering,
  drawReach,
  drawSector,
  drawServices,
  drawSize,
  drawSpareCapacity,
  drawValues,
  drawWaysOfWorking,
  staffFor,
} from './attributes.ts';
import type { Source } from '../organisations/provenance.ts';
import type { DraftSources, OrgDraft } from './draft.ts';
import { areasFor, type PlaceIndex, type Reach } from './places.ts';
import { GOR_LETTER_TO_REGION, ladForPostcode } from './postcode-areas.ts';
import { Rng } from './prng.ts';
import { codesForProfiles, inferProfiles, sectorBit, type ServiceProfile } from './services.ts';
import type { SourceNhsTrust, SourceOrganisation } from './sources.ts';

/** Kind and legal form from a source organisation type (funder label or Find That Charity types). */
export function kindFromType(src: Pick<SourceOrganisation, 'organisationType' | 'idScheme' | 'companyNumber' | 'charityNumber' | 'name'>): {
  kind: OrganisationKind;
  legalForm: LegalForm;
  fromSource: boolean;
} {
  const type = (src.organisationType ?? '').toLowerCase();
  const charity = src.idScheme === 'GB-CHC' || Boolean(src.charityNumber);
  if (type) {
    if (type.includes('community interest company')) return { kind: 'social_enterprise', legalForm: 'cic', fromSource: true };
    if (type.includes('charitable incorporated') || type.includes('charitable-incorporated'))
      return { kind: 'charity', legalForm: 'charity_cio', fromSource: true };
    if (
      type.includes('community benefit') ||
      type.includes('pending cbs') ||
      type.includes('industrial and provident') ||
      type === 'registered society'
    )
      return { kind: 'cooperative', legalForm: 'community_benefit_society', fromSource: true };
    if (type.includes('co-operative')) return { kind: 'cooperative', legalForm: 'cooperative_society', fromSource: true };
    if (type.includes('limited liability partnership')) return { kind: 'social_enterprise', legalForm: 'llp', fromSource: true };
    if (type.includes('company limited by guarantee') || type.includes('registered-company'))
      return { kind: charity ? 'charity' : 'social_enterprise', legalForm: 'company_limited_by_guarantee', fromSource: true };
    if (type.includes('limited company') || type.includes('limited by shares') || type === 'limited partnership')
      return { kind: 'social_enterprise', legalForm: 'company_limited_by_shares', fromSource: true };
    if (type.includes('unincorporated'))
      return { kind: charity ? 'charity' : 'social_enterprise', legalForm: 'unincorporated_association', fromSource: true };
    if (type === 'trust' || type.includes('|trust')) return { kind: 'charity', legalForm: 'charitable_trust', fromSource: true };
    if (type.includes('registered charity') || type.includes('registered-charity'))
      return { kind: 'charity', legalForm: src.companyNumber ? 'company_limited_by_guarantee' : 'charitable_trust', fromSource: true };
  }
  // inferred from the id scheme, registration numbers and name
  const name = src.name.toLowerCase();
  if (/\bcic\b|community interest company/.test(name)) return { kind: 'social_enterprise', legalForm: 'cic', fromSource: false };
  if (charity)
    return { kind: 'charity', legalForm: src.companyNumber ? 'company_limited_by_guarantee' : 'charitable_trust', fromSource: false };
  if (src.companyNumber && /^(IP|RS)/i.test(src.companyNumber))
    return { kind: 'cooperative', legalForm: 'community_benefit_society', fromSource: false };
  if (src.idScheme === 'GB-COH') return { kind: 'social_enterprise', legalForm: 'company_limited_by_guarantee', fromSource: false };
  return { kind: 'charity', legalForm: 'unincorporated_association', fromSource: false };
}

/** Approximate registration year from a charity number's range (numbers rise over time); undefined if unknown. */
export function approxYearFromCharityNumber(charityNumber: string | undefined, rng: Rng): number | undefined {
  const n = Number(charityNumber);
  if (!Number.isInteger(n) || n <= 0) return undefined;
  const ranges: Array<[number, number, number]> = [
    // [upper bound (exclusive), from year, to year]
    [1_000_000, 1962, 1995],
    [1_100_000, 1990, 2003],
    [1_150_000, 2003, 2012],
    [1_170_000, 2012, 2016],
    [Infinity, 2016, 2020],
  ];
  const [, from, to] = ranges.find(([upper]) => n < upper)!;
  return rng.int(from, to);
}

function reachFromScale(scale: string | undefined, rng: Rng, kind: OrganisationKind, turnover: number): Reach {
  switch (scale) {
    case 'Local':
      return rng.chance(0.8) ? 'local' : 'county';
    case 'Regional':
      return rng.chance(0.6) ? 'county' : 'regional';
    case 'National':
    case 'National and Overseas':
    case 'Overseas':
      return 'national';
    default:
      return drawReach(rng, kind, turnover);
  }
}

const SCALE_TURNOVER: Readonly<Record<string, number>> = {
  Local: 0.5,
  Regional: 1.3,
  National: 4,
  'National and Overseas': 6,
  Overseas: 3,
};

/** A 360Giving recipient as a draft; undefined when its place cannot be resolved to an English authority. */
export function draftFromSource(src: SourceOrganisation, places: PlaceIndex, seed: number): OrgDraft | undefined {
  const lad = src.districtGssCode ?? (src.postcodeOutward ? ladForPostcode(src.postcodeOutward) : undefined);
  const place = lad === undefined ? undefined : places.indexOf.get(lad);
  if (place === undefined) return undefined;
  const rng = Rng.derive(seed, 'source', src.orgId);
  const { kind, legalForm, fromSource } = kindFromType(src);
  const grant: Source = { kind: 'register', register: '360giving', record: src.orgId };
  const sources: DraftSources = { facts: {}, services: {}, areas: {} };
  const kindRule: Source = {
    kind: 'inferred',
    register: '360giving',
    record: src.orgId,
    rule: fromSource ? `organisation type "${src.organisationType}"` : 'kind from the id scheme, numbers and name',
  };
  sources.facts.kind = sources.facts.legalForm = kindRule;
  // Home: the district the 360Giving data gives (where it is based), else the postcode-area table (approximate).
  sources.areas[lad!] = src.districtGssCode
    ? { ...grant, rule: 'recipient district' }
    : { kind: 'inferred', rule: `postcode area ${src.postcodeOutward?.replace(/\d.*$/, '')} (approximate, demo table)` };

  let turnover: number;
  let staff: number;
  if (src.latestIncomeGbp !== undefined && src.latestIncomeGbp > 0) {
    turnover = Math.round(src.latestIncomeGbp);
    staff = staffFor(rng, kind, turnover);
    sources.facts.annualTurnoverGbp = { ...grant, rule: 'annual income in the grant data' };
  } else {
    ({ turnover, staff } = drawSize(rng, kind, SCALE_TURNOVER[src.ccewScale ?? ''] ?? 1));
  }

  let profiles: ServiceProfile[] = inferProfiles(`${src.titles} ${src.description} ${src.grantDescriptions}`);
  let services = codesForProfiles(profiles, 2);
  for (const code of services) {
    sources.services[code] = {
      kind: 'inferred',
      register: '360giving',
      record: src.orgId,
      rule: 'keywords in its grant titles and descriptions',
    };
  }
  if (services.length === 0) {
    const drawn = drawServices(rng, drawSector(rng, kind), turnover);
    profiles = drawn.profiles;
    services = drawn.codes;
  }
  const reach = reachFromScale(src.ccewScale, rng, kind, turnover);
  let foundedYear = approxYearFromCharityNumber(src.charityNumber, rng) ?? drawFoundedYear(rng, kind);
  if (legalForm === 'cic') foundedYear = Math.max(2005, foundedYear);
  if (legalForm === 'charity_cio') foundedYear = Math.max(2013, foundedYear);

  return {
    id: src.orgId,
    name: src.name,
    kind,
    legalForm,
    staff,
    annualTurnoverGbp: turnover,
    foundedYear,
    services,
    areas: areasFor(places, place, reach, rng),
    values: drawValues(rng, kind, legalForm),
    waysOfWorking: drawWaysOfWorking(rng, kind, staff),
    openToPartnering: drawOpenToPartnering(rng, kind),
    spareCapacity: drawSpareCapacity(rng),
    largestContractShare: drawLargestContractShare(rng, kind),
    ...(src.districtGssCode ? { baseArea: lad } : {}),
    place,
    sectors: profiles.reduce((mask, p) => mask | sectorBit(p.sector), 0),
    sources,
  };
}

const SMALL_WORDS = new Set(['and', 'of', 'the', 'for', 'on', 'upon', 'in', 'under', 'with']);

/** "SOUTH TYNESIDE AND SUNDERLAND NHS FOUNDATION TRUST" → "South Tyneside and Sunderland NHS Foundation Trust". */
export function titleCaseNhsName(name: string): string {
  return name
    .toLowerCase()
    .split(' ')
    .map((word, w) =>
      word
        .split('-')
        .map((part, p) => {
          if (part === 'nhs') return 'NHS';
          if ((w > 0 || p > 0) && SMALL_WORDS.has(part)) return part;
          return part.replace(/^(\(?)([a-z])/, (_, open: string, c: string) => open + c.toUpperCase()).replace(/'S\b/, "'s");
        })
        .join('-'),
    )
    .join(' ');
}

type TrustType = 'ambulance' | 'mental_health' | 'community' | 'children' | 'acute';

function trustType(name: string): TrustType {
  const n = name.toUpperCase();
  if (n.includes('AMBULANCE')) return 'ambulance';
  if (/MENTAL HEALTH|PARTNERSHIP|PSYCHIATRIC|TAVISTOCK|CARE NHS|HEALTH AND CARE|SOCIAL CARE/.test(n)) return 'mental_health';
  if (/COMMUNITY|HEALTHCARE NHS/.test(n)) return 'community';
  if (/CHILDREN|WOMEN/.test(n)) return 'children';
  return 'acute';
}

const TRUST_SERVICES: Readonly<Record<TrustType, readonly string[]>> = {
  ambulance: ['85143000', '85141000', '85323000'],
  mental_health: ['85121270', '85111500', '85323000', '85312500'],
  community: ['85323000', '85141200', '85142100', '85141210'],
  children: ['85121291', '85111000', '85111320'],
  acute: ['85111000', '85111100', '85112200', '85150000', '85111800'],
};

const TRUST_STAFF: Readonly<Record<TrustType, number>> = {
  ambulance: 4_500,
  mental_health: 3_500,
  community: 2_500,
  children: 4_000,
  acute: 7_500,
};

/** An open English NHS trust as a draft; undefined when closed, Welsh or unplaceable. */
export function draftFromNhsTrust(src: SourceNhsTrust, places: PlaceIndex, seed: number): OrgDraft | undefined {
  if (src.closeDate || src.gorCode === 'W') return undefined;
  const rng = Rng.derive(seed, 'nhs', src.odsCode);
  const lad = src.postcodeOutward ? ladForPostcode(src.postcodeOutward) : undefined;
  let place = lad === undefined ? undefined : places.indexOf.get(lad);
  const region = src.gorCode ? GOR_LETTER_TO_REGION[src.gorCode] : undefined;
  if (place === undefined && region) {
    // home at the region's most populous authority; areas name the region
    const members = places.byRegion.get(region) ?? [];
    place = members.reduce<number | undefined>(
      (best, i) => (best === undefined || places.places[i].weight > places.places[best].weight ? i : best),
      undefined,
    );
  }
  if (place === undefined) return undefined;
  const type = trustType(src.name);
  const staff = Math.round(rng.logNormal(TRUST_STAFF[type], 0.45));
  const turnover = Math.round((staff * rng.logNormal(62_000, 0.12)) / 100_000) * 100_000;
  const legalForm: LegalForm = /FOUNDATION TRUST/i.test(src.name) ? 'nhs_foundation_trust' : 'nhs_trust';
  const areas = type === 'ambulance' ? [places.places[place].code, places.places[place].region] : areasFor(places, place, 'county', rng);
  if (type !== 'ambulance') for (const nb of places.neighbours[place]) if (rng.chance(0.5)) areas.push(places.places[nb].code);
  const services = [...TRUST_SERVICES[type]];
  const sectors = type === 'mental_health' ? sectorBit('health') | sectorBit('social_care') : sectorBit('health');
  const openYear = src.openDate ? Number(src.openDate.slice(0, 4)) : undefined;
  const ods: Source = { kind: 'register', register: 'nhs-ods', record: src.odsCode };
  const home = places.places[place].code;
  const sources: DraftSources = {
    facts: {
      kind: ods,
      legalForm: { kind: 'inferred', register: 'nhs-ods', record: src.odsCode, rule: 'foundation trust or trust, from its name' },
      ...(openYear !== undefined ? { foundedYear: { ...ods, rule: 'open date' } } : {}),
    },
    services: Object.fromEntries(
      services.map((code) => [
        code,
        { kind: 'inferred', register: 'nhs-ods', record: src.odsCode, rule: `${type.replace('_', ' ')} trust, from its name` },
      ]),
    ),
    areas: {
      [home]:
        lad !== undefined && places.indexOf.get(lad) === place
          ? { kind: 'inferred', rule: `postcode area ${src.postcodeOutward?.replace(/\d.*$/, '')} (approximate, demo table)` }
          : { kind: 'inferred', rule: "the region's largest authority (no usable postcode)" },
    },
  };
  return {
    id: `GB-NHS-${src.odsCode}`,
    name: titleCaseNhsName(src.name),
    kind: 'nhs_body',
    legalForm,
    staff,
    annualTurnoverGbp: turnover,
    foundedYear: openYear !== undefined && Number.isInteger(openYear) ? openYear : undefined,
    services,
    areas: [...new Set(areas)],
    values: drawValues(rng, 'nhs_body', legalForm),
    waysOfWorking: drawWaysOfWorking(rng, 'nhs_body', staff),
    openToPartnering: drawOpenToPartnering(rng, 'nhs_body'),
    spareCapacity: drawSpareCapacity(rng),
    largestContractShare: drawLargestContractShare(rng, 'nhs_body'),
    place,
    sectors,
    sources,
  };
}
