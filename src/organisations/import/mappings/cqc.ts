/**
 * CQC registrations → CPV services (docs/import.md, "CQC"). Tested in tests/unit/import/register-mappings.test.ts.
 *
 * - A **service type** is what the provider is registered to run at a location ("Domiciliary care service",
 *   "Care home service with nursing"): a register fact. Its CPV code here is the equivalent in the tender
 *   vocabulary, one code per type, so the service keeps a `register` source (the mapping is named in `rule`).
 *   Both spellings are listed: the care directory / API names ("Homecare agencies") and the HSCA locations file's
 *   descriptions ("Domiciliary care service").
 * - A **specialism** says whom a location serves ("Dementia", "Learning disabilities"). Turning it into a client
 *   group service (welfare services for the elderly, for disabled people, for children) is a rule, so those codes
 *   are `inferred`, and only for social care locations (a GP surgery "caring for adults over 65" is not an
 *   older people's service).
 */

/** Service type (lower case) → CPV code. */
export const CQC_SERVICE_TYPES: Readonly<Record<string, string>> = {
  // social care
  'homecare agencies': '85312400',
  'domiciliary care service': '85312400',
  'residential homes': '85311000',
  'care home service without nursing': '85311000',
  'nursing homes': '85144100',
  'care home service with nursing': '85144100',
  'supported living': '85311000',
  'supported living service': '85311000',
  'extra care housing services': '85311100',
  'shared lives': '85311000',
  // the API's "Supported housing" is described as "Extra Care housing services"
  'supported housing': '85311100',
  'community services - learning disabilities': '85311200',
  'community based services for people with a learning disability': '85311200',
  'rehabilitation (substance abuse)': '85312500',
  'residential substance misuse treatment and/or rehabilitation service': '85312500',
  'community services - substance abuse': '85312500',
  'community based services for people who misuse substances': '85312500',
  // health
  'doctors/gps': '85121100',
  'doctors consultation service': '85121100',
  'doctors treatment service': '85121100',
  'mobile doctors service': '85121100',
  'mobile doctors': '85121100',
  'prison healthcare': '85100000',
  dentist: '85130000',
  'dental service': '85130000',
  hospital: '85111000',
  'acute services with overnight beds': '85111000',
  'acute services without overnight beds / listed acute services with or without overnight beds': '85111000',
  'hospitals - mental health/capacity': '85111500',
  'hospital services for people with mental health needs, learning disabilities and problems with substance misuse': '85111500',
  'rehabilitation (illness/injury)': '85312500',
  'rehabilitation services': '85312500',
  'community services - healthcare': '85323000',
  'community healthcare service': '85323000',
  'community health care services - nurses agency only': '85141200',
  'community services - nursing': '85141200',
  'community services - mental health': '85323000',
  'community based services for people with mental health needs': '85323000',
  'long-term conditions': '85323000',
  'long term conditions services': '85323000',
  'diagnosis/screening': '85148000',
  'diagnostic and/or screening service': '85148000',
  clinic: '85121000',
  ambulances: '85143000',
  'ambulance service': '85143000',
  'urgent care centres': '85100000',
  'urgent care services': '85100000',
  hospice: '85144000',
  'hospice services': '85144000',
  'home hospice care': '85141200',
  'hospice services at home': '85141200',
  'specialist college service': '80340000',
};

/** Service types run by social care providers: only their specialisms say which client groups they serve. */
const SOCIAL_CARE_CODES = new Set(['85312400', '85311000', '85311100', '85311200', '85144100', '85312500']);

/** Specialism (lower case) → the client-group service it implies at a social care location. */
export const CQC_SPECIALISMS: Readonly<Record<string, string>> = {
  'caring for adults over 65 yrs': '85311100',
  dementia: '85311100',
  'learning disabilities': '85311200',
  'learning disabilities or autistic spectrum disorder': '85311200',
  'physical disabilities': '85311200',
  'sensory impairment': '85311200',
  'caring for children': '85311300',
  'substance misuse problems': '85312500',
};

export interface MappedService {
  code: string;
  /** what it was read from, for the source: 'CQC service type "Nursing homes"' */
  rule: string;
  inferred: boolean;
}

/** A location's service types and specialisms → services; unknown types are returned for a warning. */
export function cqcServices(
  serviceTypes: readonly string[],
  specialisms: readonly string[],
): { services: MappedService[]; unknown: string[] } {
  const services: MappedService[] = [];
  const unknown: string[] = [];
  const add = (s: MappedService) => {
    if (!services.some((x) => x.code === s.code)) services.push(s);
  };
  for (const type of serviceTypes) {
    const code = CQC_SERVICE_TYPES[type.trim().toLowerCase()];
    if (code === undefined) unknown.push(type);
    else add({ code, rule: `CQC service type "${type.trim()}"`, inferred: false });
  }
  if (services.some((s) => SOCIAL_CARE_CODES.has(s.code))) {
    for (const specialism of specialisms) {
      const code = CQC_SPECIALISMS[specialism.trim().toLowerCase()];
      if (code !== undefined) add({ code, rule: `CQC specialism "${specialism.trim()}" at a social care location`, inferred: true });
    }
  }
  return { services, unknown };
}
