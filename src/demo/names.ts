/**
 * Plausible synthetic organisation names: a place, a service word and a suffix that fits the legal form
 * ("Tamworth Carers Network", "Healthy Exeter CIC", "Wirral Community Health Mutual"). Names are only
 * decoration; ids (CNS-…) are what identify synthetic organisations.
 */
import type { LegalForm, OrganisationKind } from '../organisations/schema.ts';
import type { Rng } from './prng.ts';

const SERVICE_WORDS: Readonly<Record<string, readonly string[]>> = {
  community_health: ['Community Health', 'Community Health Services', 'Healthcare', 'Community Nursing'],
  mental_health: ['Mind Matters', 'Mental Health', 'Wellbeing', 'Talking Therapies'],
  primary_care: ['Primary Care', 'GP Federation', 'Health Partnership'],
  palliative_care: ['Hospice Care', 'Palliative Care', 'End of Life Care'],
  health_improvement: ['Healthy Lives', 'Health Improvement', 'Public Health Services'],
  older_people: ['Later Life', 'Older People’s Services', 'Age Well', 'Dementia Support'],
  disability: ['Independent Living', 'Disability Services', 'Supported Living', 'Learning Disability Services'],
  home_care: ['Care at Home', 'Homecare', 'Community Care', 'Care Partnership'],
  domestic_abuse: ['Domestic Abuse Services', 'Women’s Aid', 'Safe Futures', 'Refuge Services'],
  carers: ['Carers', 'Carers Support', 'Carers Network'],
  advice: ['Advice', 'Money Advice', 'Law Centre', 'Advocacy'],
  food_support: ['Food Partnership', 'Community Larder', 'Food Network'],
  refugees: ['Refugee Support', 'Welcome', 'Migrant Support'],
  substance_misuse: ['Recovery', 'Recovery Services', 'Drug and Alcohol Services'],
  community_support: ['Community Support', 'Neighbourhood Support', 'Community Action'],
  youth: ['Youth Services', 'Youth', 'Young People’s Services', 'Youth Works'],
  children_families: ['Children and Families', 'Family Support', 'Early Help', 'Family Services'],
  early_years: ['Early Years', 'Childcare', 'Nurseries'],
  send: ['SEND Services', 'Inclusion Services', 'Special Educational Needs Support'],
  adult_learning: ['Adult Learning', 'Learning', 'Community Learning'],
  skills_training: ['Skills', 'Training', 'Skills and Training'],
  sport: ['Leisure', 'Sport and Leisure', 'Active', 'Leisure Trust'],
  arts: ['Arts', 'Arts Centre', 'Creative Arts', 'Theatre'],
  heritage_libraries: ['Libraries', 'Libraries and Archives', 'Heritage', 'Museums'],
  green_spaces: ['Parks', 'Green Spaces', 'Community Gardens'],
  housing: ['Housing', 'Housing Support', 'Homes', 'Supported Housing'],
  employment: ['Employment Services', 'Works', 'Employment and Skills', 'Jobs'],
  offenders: ['Probation Services', 'Justice', 'Community Justice', 'Resettlement'],
  community_facilities: ['Community Hub', 'Community Centre', 'Community Trust', 'Village Hall'],
  business_support: ['Consulting', 'Enterprise', 'Partners', 'Development Trust'],
};

const BRANDS: readonly string[] = [
  'Thrive',
  'Inspire',
  'Bridge',
  'Together',
  'Spectrum',
  'Compass',
  'Pathways',
  'Horizon',
  'Evolve',
  'Anchor',
  'Beacon',
  'Kindred',
  'Harbour',
  'Unity',
  'Lighthouse',
  'Mosaic',
  'Keystone',
  'Riverside',
  'Oak',
  'Willow',
];

function suffixFor(kind: OrganisationKind, legalForm: LegalForm, rng: Rng): string {
  if (legalForm === 'cic') return 'CIC';
  if (legalForm === 'llp') return 'LLP';
  if (legalForm === 'nhs_foundation_trust') return 'NHS Foundation Trust';
  if (legalForm === 'nhs_trust') return 'NHS Trust';
  if (legalForm === 'community_benefit_society' || legalForm === 'cooperative_society')
    return rng.pick(['Co-operative', 'Community Benefit Society', 'Ltd', '']);
  if (kind === 'public_service_mutual') return rng.pick(['Mutual', 'Partnership', 'Ltd', '']);
  if (kind === 'private_provider') return rng.pick(['Ltd', 'Ltd', 'Group Ltd', 'Services Ltd']);
  if (legalForm === 'company_limited_by_guarantee') return rng.pick(['', '', 'Ltd', 'Trust']);
  if (legalForm === 'charity_cio' || legalForm === 'charitable_trust') return rng.pick(['', 'Trust', 'Network', 'Foundation']);
  return '';
}

/** A synthetic name for an organisation of `kind` working in `profileKey` from `place`. */
export function syntheticName(rng: Rng, kind: OrganisationKind, legalForm: LegalForm, profileKey: string, place: string): string {
  const words = SERVICE_WORDS[profileKey] ?? ['Community Services'];
  const word = rng.pick(words);
  const suffix = suffixFor(kind, legalForm, rng);
  const style = rng.int(0, 9);
  const base = style < 6 ? `${place} ${word}` : style < 8 ? `${rng.pick(BRANDS)} ${place}` : `${rng.pick(BRANDS)} ${word}`;
  return suffix ? `${base} ${suffix}` : base;
}
