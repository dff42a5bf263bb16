/**
 * Companies House SIC 2007 codes (a company's declared nature of business) → CPV services. `inferred`: the code is
 * what the company told Companies House, the CPV equivalent a rule. Only SIC codes of the services this engine
 * matches (health, social work, education, culture and sport) are mapped. Tested in
 * tests/unit/import/register-mappings.test.ts.
 */
export const SIC_SERVICES: Readonly<Record<string, string>> = {
  '85100': '80110000', // Pre-primary education
  '85200': '80100000', // Primary education
  '85310': '80200000', // General secondary education
  '85320': '80210000', // Technical and vocational secondary education
  '85410': '80400000', // Post-secondary non-tertiary education
  '85421': '80300000', // First-degree level higher education
  '85422': '80300000', // Post-graduate level higher education
  '85590': '80400000', // Other education n.e.c.
  '86101': '85111000', // Hospital activities
  '86102': '85111000', // Medical nursing home activities
  '86210': '85121100', // General medical practice
  '86220': '85121200', // Specialist medical practice
  '86230': '85130000', // Dental practice
  '86900': '85140000', // Other human health activities
  '87100': '85144100', // Residential nursing care
  '87200': '85311000', // Residential care for learning disabilities, mental health and substance abuse
  '87300': '85311100', // Residential care for the elderly and disabled
  '87900': '85311000', // Other residential care
  '88100': '85312400', // Social work without accommodation for the elderly and disabled
  '88910': '85312110', // Child day-care
  '88990': '85312000', // Other social work without accommodation n.e.c.
  '90010': '92310000', // Performing arts
  '90030': '92310000', // Artistic creation
  '91011': '92511000', // Library activities
  '91020': '92521000', // Museum activities
  '93110': '92610000', // Operation of sports facilities
  '93120': '92600000', // Activities of sport clubs
  '93130': '92600000', // Fitness facilities
};

/** "87300 - Residential care activities for the elderly and disabled" → its service, when mapped. */
export function sicService(text: string): { code: string; rule: string } | undefined {
  const m = /^\s*(\d{5})\b/.exec(text);
  const code = m ? SIC_SERVICES[m[1]] : undefined;
  return code === undefined ? undefined : { code, rule: `SIC ${text.trim()}` };
}
