/**
 * ICNPTSO activity classes (the UN's International Classification of Non-Profit and Third Sector Organizations,
 * as UKCAT assigns them; a machine-learned class for every CIC in `ukcat-cics-icnptso-62k.csv`) → CPV services.
 * `inferred`, with the class and the model's probability in the rule; classes below MIN_PROBABILITY are not used.
 * Only classes that name a commissioned service are mapped (see ./ukcat.ts for why). Tested in
 * tests/unit/import/register-mappings.test.ts.
 */
export const MIN_PROBABILITY = 0.5;

export const ICNPTSO_SERVICES: Readonly<Record<string, string>> = {
  A11: '92310000', // Performing and visual arts
  A12: '92520000', // Museums, zoos, parks, historical sites
  A21: '92600000', // Sports activities
  B11: '80110000', // Pre-primary education
  B12: '80100000', // Primary education
  B13: '80200000', // Secondary education
  B31: '80530000', // Technical, vocational and continuing education
  C11: '85121000', // General ambulatory health care → medical practice services
  C12: '85121200', // Specialised outpatient care → medical specialist services
  C13: '85143000', // Emergency medical response → ambulance services
  C22: '85111500', // Specialty, psychiatric and substance abuse hospitals
  C31: '85144100', // Residential nursing care
  C32: '85311100', // Residential care for the elderly
  C39: '85311000', // Nursing and residential care n.e.c.
  D11: '85311300', // Child and youth services
  D12: '85311100', // Services for the elderly
  D13: '85311200', // Services for people with disabilities
  D14: '85312000', // Family services → social work services without accommodation
  D19: '85312000', // Other individual and family services
  D20: '85312110', // Child day-care
  D32: '85311000', // Temporary shelters
  D41: '85312510', // Job counselling or training → vocational rehabilitation
  D42: '85312510', // Sheltered workshops
  D49: '85312510', // Vocational rehabilitation n.e.c.
  D90: '85320000', // Social services n.e.c.
  G14: '98133110', // Social youth organisations → youth associations
};

export function icnptsoService(code: string, probability: number, title?: string): { code: string; rule: string } | undefined {
  const cpv = ICNPTSO_SERVICES[code];
  if (cpv === undefined || !(probability >= MIN_PROBABILITY)) return undefined;
  return { code: cpv, rule: `ICNPTSO class ${code}${title ? ` "${title}"` : ''} (UKCAT model, p=${probability})` };
}
