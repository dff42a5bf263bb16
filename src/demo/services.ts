/**
 * Service profiles for the demo data: what an organisation delivers, as CPV codes, grouped by the report's
 * six sectors. Codes are mostly from the light-touch social services list (PCR 2015 Schedule 3), all in
 * divisions 75/79/80/85/92/98. Each profile lists its codes most typical first and the keywords that reveal
 * it in a grant title or description ("domestic abuse IDVA" → guidance and counselling, counselling).
 *
 * The primary (first) code of a profile falls in the profile's sector under src/reference/sectors.ts.
 */
import type { Sector } from '../reference/types.ts';

export interface ServiceProfile {
  key: string;
  sector: Sector;
  /** CPV codes, most typical first */
  codes: readonly string[];
  /** matched against lower-cased title and description text */
  keywords: RegExp;
}

export const SERVICE_PROFILES: readonly ServiceProfile[] = [
  // health
  {
    key: 'community_health',
    sector: 'health',
    codes: ['85323000', '85141200', '85142100', '85141210'],
    keywords: /community health|district nurs|nursing|physio|health visit|therapy services|health (?:service|care|centre)|nhs/,
  },
  {
    key: 'mental_health',
    sector: 'health',
    codes: ['85121270', '85312320', '85323000'],
    keywords: /mental health|mental ill|suicid|psycholog|anxiety|depression|talking therap|emotional (?:health|wellbeing)/,
  },
  {
    key: 'primary_care',
    sector: 'health',
    codes: ['85121100', '85121000', '85149000'],
    keywords: /\bgp\b|general practi|primary care|pharmac/,
  },
  {
    key: 'palliative_care',
    sector: 'health',
    codes: ['85144000', '85141200', '85323000'],
    keywords: /hospice|palliative|end of life|bereave/,
  },
  {
    key: 'health_improvement',
    sector: 'health',
    codes: ['85323000', '85142000', '85312330'],
    keywords: /health(?:y)? (?:living|eating|lifestyle)|sexual health|stop smoking|obesity|diabetes|wellbeing/,
  },
  // social care
  {
    key: 'older_people',
    sector: 'social_care',
    codes: ['85311100', '85312100', '85312200'],
    keywords: /older (?:people|person|adult)|elderly|dementia|lunch club|befriend|isolat|lonel|pensioner/,
  },
  {
    key: 'disability',
    sector: 'social_care',
    codes: ['85311200', '85312400', '85312100'],
    keywords: /disab|learning difficult|autis|sensory|\bdeaf|blind|visual(?:ly)? impair|supported living|wheelchair/,
  },
  {
    key: 'home_care',
    sector: 'social_care',
    codes: ['85312400', '85311000', '85311100'],
    keywords: /home care|domiciliary|care at home|personal care|reablement|care home|residential care|respite/,
  },
  {
    key: 'domestic_abuse',
    sector: 'social_care',
    codes: ['85312300', '85312320', '85311000'],
    keywords: /domestic (?:abuse|violence)|\bidva|refuge|sexual (?:abuse|violence)|\brape\b|survivor|coercive/,
  },
  { key: 'carers', sector: 'social_care', codes: ['85312400', '85312310', '85312100'], keywords: /\bcarers?\b|young carer|caring role/ },
  {
    key: 'advice',
    sector: 'social_care',
    codes: ['85312310', '79140000', '79111000'],
    keywords: /advice|citizens advice|\bdebt|welfare rights|benefits|money management|advocacy|legal/,
  },
  {
    key: 'food_support',
    sector: 'social_care',
    codes: ['85312200', '85320000'],
    keywords: /food ?bank|food parcel|\bmeals?\b|hunger|pantry|community kitchen|food/,
  },
  {
    key: 'refugees',
    sector: 'social_care',
    codes: ['85312300', '79540000', '79530000'],
    keywords: /refugee|asylum|migrant|\besol\b|interpret/,
  },
  {
    key: 'substance_misuse',
    sector: 'social_care',
    codes: ['85312500', '85121270', '85312320'],
    keywords: /\bdrugs?\b|alcohol|substance|addiction|recovery/,
  },
  {
    key: 'community_support',
    sector: 'social_care',
    codes: ['85320000', '85322000', '85312400'],
    keywords: /vulnerable|community support|crisis|emergency support|hardship/,
  },
  // children and young people
  {
    key: 'youth',
    sector: 'children_young_people',
    codes: ['98133110', '85311300', '85312320', '80310000'],
    keywords: /youth|young people|teenage|adolescen/,
  },
  {
    key: 'children_families',
    sector: 'children_young_people',
    codes: ['85311300', '85312300', '85312320'],
    keywords: /child|famil|parent|early help|looked after|care leaver|fostering|adoption/,
  },
  {
    key: 'early_years',
    sector: 'children_young_people',
    codes: ['85312110', '80110000'],
    keywords: /nursery|pre-?school|playgroup|childcare|early years|toddler/,
  },
  {
    key: 'send',
    sector: 'children_young_people',
    codes: ['85312120', '80340000', '85311300'],
    keywords: /special educational|\bsend\b|disabled child/,
  },
  // education
  {
    key: 'adult_learning',
    sector: 'education',
    codes: ['80400000', '80590000', '80580000'],
    keywords: /education|literacy|numeracy|learning|tutor|english (?:class|lesson)|digital (?:skills|inclusion)|courses?\b/,
  },
  {
    key: 'skills_training',
    sector: 'education',
    codes: ['80530000', '80570000', '80500000'],
    keywords: /training|skills|apprentice|qualification/,
  },
  // culture and leisure
  {
    key: 'sport',
    sector: 'culture_leisure',
    codes: ['92600000', '92610000', '92620000'],
    keywords: /sport|leisure|football|swim|\bgym\b|physical activit|fitness|cricket|rugby|boxing|cycling/,
  },
  {
    key: 'arts',
    sector: 'culture_leisure',
    codes: ['92312000', '92320000', '92300000'],
    keywords: /\barts?\b|music|theatre|\bdance|creative|festival|cinema|choir/,
  },
  {
    key: 'heritage_libraries',
    sector: 'culture_leisure',
    codes: ['92500000', '92511000', '92521000', '92522000'],
    keywords: /librar|museum|heritage|archive|historic/,
  },
  {
    key: 'green_spaces',
    sector: 'culture_leisure',
    codes: ['92533000', '92530000'],
    keywords: /garden|allotment|\bparks?\b|nature|woodland|green space|community farm|environment/,
  },
  // other: housing, employment, probation, community facilities, consultancy
  {
    key: 'housing',
    sector: 'other',
    codes: ['75123000', '98341000', '85311000'],
    keywords: /homeless|housing|hostel|rough sleep|tenancy|tenants?\b|accommodation/,
  },
  {
    key: 'employment',
    sector: 'other',
    codes: ['79611000', '85312510', '79634000'],
    keywords: /employ|\bjobs?\b|work club|back to work|careers?\b/,
  },
  {
    key: 'offenders',
    sector: 'other',
    codes: ['75231240', '75231200', '85312500'],
    keywords: /offend|prison|probation|criminal justice|resettlement|custody/,
  },
  {
    key: 'community_facilities',
    sector: 'other',
    codes: ['98133100', '85322000', '98133000'],
    keywords: /community (?:hub|centre|center|building|hall|shop|pub|cafe|café|space|business)|village hall|volunteer/,
  },
  {
    key: 'business_support',
    sector: 'other',
    codes: ['79411100', '79400000', '79419000'],
    keywords: /business support|consultanc|enterprise support|capacity building|infrastructure|evaluation/,
  },
];

export const PROFILE_BY_KEY: ReadonlyMap<string, ServiceProfile> = new Map(SERVICE_PROFILES.map((p) => [p.key, p]));

export const PROFILES_BY_SECTOR: Readonly<Record<Sector, readonly ServiceProfile[]>> = {
  health: SERVICE_PROFILES.filter((p) => p.sector === 'health'),
  social_care: SERVICE_PROFILES.filter((p) => p.sector === 'social_care'),
  children_young_people: SERVICE_PROFILES.filter((p) => p.sector === 'children_young_people'),
  education: SERVICE_PROFILES.filter((p) => p.sector === 'education'),
  culture_leisure: SERVICE_PROFILES.filter((p) => p.sector === 'culture_leisure'),
  other: SERVICE_PROFILES.filter((p) => p.sector === 'other'),
};

export const SECTOR_ORDER: readonly Sector[] = ['health', 'social_care', 'children_young_people', 'education', 'culture_leisure', 'other'];

/** Bit for a sector in a sector mask (used by the partnership engine). */
export function sectorBit(sector: Sector): number {
  return 1 << SECTOR_ORDER.indexOf(sector);
}

/** The service profiles whose keywords appear in `text`, strongest (most keyword hits) first; at most `max`. */
export function inferProfiles(text: string, max = 3): ServiceProfile[] {
  const lower = text.toLowerCase();
  const scored: Array<{ profile: ServiceProfile; hits: number; order: number }> = [];
  SERVICE_PROFILES.forEach((profile, order) => {
    const global = new RegExp(profile.keywords.source, 'g');
    const hits = lower.match(global)?.length ?? 0;
    if (hits > 0) scored.push({ profile, hits, order });
  });
  scored.sort((a, b) => b.hits - a.hits || a.order - b.order);
  return scored.slice(0, max).map((s) => s.profile);
}

/**
 * CPV codes for a list of profiles: the first `perProfile` codes of each, deduplicated, primary profile first.
 */
export function codesForProfiles(profiles: readonly ServiceProfile[], perProfile = 2): string[] {
  const codes: string[] = [];
  for (const profile of profiles) {
    for (const code of profile.codes.slice(0, perProfile)) if (!codes.includes(code)) codes.push(code);
  }
  return codes;
}
