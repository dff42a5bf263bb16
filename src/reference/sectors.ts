/**
 * The report's six sectors (health, social care, children and young people, education, culture and
 * leisure, other) laid over CPV 2008 by code prefix: the longest matching prefix wins.
 *
 * Mapping choices:
 * - 851xxxxx "Health services" → health, and so is 85323000 "Community health services", which CPV files
 *   under social services (853) but is NHS community care. The bare division 85000000 "Health and social
 *   work services" also counts as health, for want of a better single answer (it spans both: prefer a
 *   tender's more specific codes when it has them); 852xxxxx "Veterinary services" is other.
 * - 853xxxxx "Social work and related services" → social care, except the codes that name children or
 *   young people: 85311300 "Welfare services for children and young people", 85312110 "Child daycare
 *   services" and 85312120 "Daycare services for handicapped children and young people" →
 *   children_young_people. So is 98133110 "Services provided by youth associations".
 *   85121291 "Paediatric services" stays health: it is a clinical specialty, not a children's service.
 * - 80xxxxxx "Education and training services" → education; 75121000 "Administrative educational
 *   services" too.
 * - 92xxxxxx "Recreational, cultural and sporting services" → culture and leisure; 75124000
 *   "Administrative recreational, cultural and sporting services" and 79952100 "Cultural event
 *   organisation services" too.
 * - 75122000 "Administrative healthcare services" → health.
 * - Everything else → other (veterinary 852, probation 75231240, employment, housing, consultancy …),
 *   as the report's "other" sector holds probation, employment support, consultancy, building control and
 *   housing.
 */
import type { Sector } from './types.ts';

export const SECTORS: readonly Sector[] = ['health', 'social_care', 'children_young_people', 'education', 'culture_leisure', 'other'];

/** CPV code prefix → sector; a longer prefix overrides a shorter one. */
export const SECTOR_PREFIXES: Readonly<Record<string, Sector>> = {
  '85': 'health',
  '851': 'health',
  '852': 'other',
  '85323': 'health',
  '853': 'social_care',
  '85311300': 'children_young_people',
  '85312110': 'children_young_people',
  '85312120': 'children_young_people',
  '98133110': 'children_young_people',
  '80': 'education',
  '75121': 'education',
  '92': 'culture_leisure',
  '75124': 'culture_leisure',
  '79952100': 'culture_leisure',
  '75122': 'health',
};

/** Phrases that read inside a sentence: "Competes with you for social care in Devon". */
export const SECTOR_LABELS: Readonly<Record<Sector, string>> = {
  health: 'health',
  social_care: 'social care',
  children_young_people: "children and young people's services",
  education: 'education',
  culture_leisure: 'culture and leisure',
  other: 'other services',
};

const PREFIXES_LONGEST_FIRST = Object.keys(SECTOR_PREFIXES).sort((a, b) => b.length - a.length);

/** The sector of an 8-digit CPV code (known or not), by its longest matching prefix; 'other' when none. */
export function sectorOfCode(code: string): Sector {
  for (const prefix of PREFIXES_LONGEST_FIRST) {
    if (code.startsWith(prefix)) return SECTOR_PREFIXES[prefix];
  }
  return 'other';
}

export function sectorLabel(sector: Sector): string {
  return SECTOR_LABELS[sector];
}
