/**
 * UK Charity Activity Tags (UKCAT, https://charityclassification.org.uk, CC BY 4.0) → CPV services
 * (docs/import.md, "UKCAT"). Tested in tests/unit/import/register-mappings.test.ts.
 *
 * Every code is `inferred`: a tag says what a charity is about; that it delivers the service a commissioner
 * buys under a CPV code is a rule. So only tags that name a service are mapped, each to the one code that
 * service is bought under; tags about causes, faiths, beneficiaries, heritage or fundraising map to nothing
 * (precision over recall: a wrong service would put a charity in front of a bid manager for the wrong
 * tender), and a charity tagged as a supporter, fundraiser or grant-maker gets none. One combination: a
 * charity tagged for social care (SC…) or supported housing that also names older people, disabled people or
 * children as beneficiaries provides the matching client-group welfare service.
 *
 * Tags come from the file (UKCAT's hand-tagging) when it has them, else from UKCAT's own keyword rules run on
 * the charity's activities text (src/reference/registers.ts: each rule bounded, so the text is read in linear
 * time; the text is cut at MAX_TEXT characters).
 */
import type { RegisterLookups, UkcatTag } from '../../../reference/types.ts';

export const UKCAT_SERVICES: Readonly<Record<string, string>> = {
  // health
  HE201: '85312500', // Addiction and dependency → rehabilitation services
  HE210: '85323000', // Mental health → community health services
  HE300: '85100000', // Health services
  HE302: '85143000', // Ambulance service
  HE304: '85312320', // Counselling and therapy → counselling services
  HE305: '85323000', // Health and wellbeing → community health services
  HE306: '85141200', // Nursing → services provided by nurses
  HE307: '85140000', // Palliative care → miscellaneous health services
  HE308: '85142100', // Physiotherapy
  HE400: '85100000', // Healthcare provider → health services
  HE401: '85144000', // Hospice → residential health facilities services
  HE402: '85111000', // Hospital services
  // social care
  SC: '85310000', // Social care → social work services
  SC101: '85312100', // Adult day care → daycare services
  SC102: '85312400', // Carer support → welfare services not delivered through residential institutions
  SC103: '85311300', // Children in care → welfare services for children and young people
  SC104: '85311300', // Children's homes
  SC105: '85312400', // Domiciliary care
  SC106: '85311000', // Residential care → social work services with accommodation
  SC107: '85144100', // Residential care with nursing → residential nursing care services
  SC108: '85311000', // Respite
  // social welfare, crime and justice, advice
  SW200: '85312300', // Abuse → guidance and counselling services
  SW201: '85311300', // Child abuse → welfare services for children and young people
  SW202: '85312300', // Domestic abuse
  SW203: '85311000', // Refuge or shelter → social work services with accommodation
  SW204: '85312300', // Sexual abuse
  SW102: '85312320', // Bereavement → counselling services
  SW106: '85320000', // Loneliness → social services
  CA101: '85312310', // Advice and individual advocacy → guidance services
  CJ101: '75231240', // Offender support and rehabilitation → probation services
  CJ104: '85312300', // Trafficking and modern slavery
  CJ105: '85312300', // Victim support
  // housing
  HO101: '98341000', // Accommodation → accommodation services
  HO102: '98341000', // Almshouse
  HO103: '85312400', // Homelessness → welfare services not delivered through residential institutions
  HO105: '98341000', // Temporary or emergency housing
  // children, young people and childcare
  CC: '85312110', // Childcare → child daycare services
  CC101: '85312110', // Nursery
  CC102: '85312110', // Out of school club
  CC104: '85312110', // Playgroup
  AS300: '98133110', // Youth groups → services provided by youth associations
  FA108: '98133110', // Youth centre
  // education and employment
  ED101: '80400000', // Adult education
  ED104: '80100000', // Primary education
  ED107: '80200000', // Secondary education
  ED300: '80500000', // Training
  ED301: '80400000', // Basic skills → adult and other education
  ED302: '80530000', // Employability training → vocational training
  ED303: '80580000', // ESOL → provision of language courses
  ED304: '80533100', // IT and digital → computer training
  ED306: '80530000', // Vocational training
  EC107: '79611000', // Unemployment → job search services
  // culture and leisure
  AR: '92300000', // Arts → entertainment services
  AR300: '92310000', // Performing art → artistic creation and interpretation
  HR105: '92521000', // Museum
  LE101: '92600000', // Exercise and fitness → sporting services
  LE106: '92600000', // Sports
};

/**
 * Tags of supporters, fundraisers and grant-makers (parent-teacher associations, friends of a hospital, grant
 * makers): their other tags say what they fund, not what they deliver, so such a charity gets no service.
 */
const SUPPORT_TAGS = new Set(['ED200', 'ED201', 'ED202', 'HE500', 'HE501', 'HE502', 'CA200', 'CA201', 'CA202', 'CV102']);

/** Beneficiary tags → the client-group welfare service, for charities tagged with a care service. */
const CLIENT_GROUPS: Readonly<Record<string, string>> = {
  BE108: '85311100', // Older people → welfare services for the elderly
  BE200: '85311200', // People with disabilities → welfare services for the handicapped
  BE110: '85311200', // People with learning disabilities
  BE102: '85311300', // Children → welfare services for children and young people
  BE114: '85311300', // Young children
  BE115: '85311300', // Young people
};
const CARE_TAGS = /^(SC\d*|SW203|HO103|HO105)$/;

/** Activity text longer than this is cut before the keyword rules run. */
export const MAX_TEXT = 4_000;

/** UKCAT's keyword rules over activity text → tag codes (in the taxonomy's order). */
export function ukcatTagsFromText(text: string, lookups: Pick<RegisterLookups, 'ukcatTags'>): string[] {
  const cut = text.slice(0, MAX_TEXT);
  if (cut.trim() === '') return [];
  return lookups.ukcatTags.filter((t: UkcatTag) => t.pattern?.test(cut) && !t.exclude?.test(cut)).map((t) => t.code);
}

export interface TagService {
  code: string;
  /** 'UKCAT tag SC105 "Domiciliary care"', or the client-group combination */
  rule: string;
}

/** Tag codes → services, each with the tag (or tags) it comes from. */
export function ukcatServices(tags: readonly string[], lookups: Pick<RegisterLookups, 'ukcatTag'>): TagService[] {
  const out: TagService[] = [];
  if (tags.some((t) => SUPPORT_TAGS.has(t))) return out;
  const label = (code: string) => `${code} "${lookups.ukcatTag(code)?.tag ?? code}"`;
  const add = (code: string, rule: string) => {
    if (!out.some((s) => s.code === code)) out.push({ code, rule });
  };
  for (const tag of tags) {
    const code = UKCAT_SERVICES[tag];
    if (code !== undefined) add(code, `UKCAT tag ${label(tag)}`);
  }
  const care = tags.find((t) => CARE_TAGS.test(t));
  if (care !== undefined) {
    for (const tag of tags) {
      const code = CLIENT_GROUPS[tag];
      if (code !== undefined) add(code, `UKCAT tags ${label(care)} and ${label(tag)}`);
    }
  }
  return out;
}
