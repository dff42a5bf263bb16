/**
 * The Charity Commission for Northern Ireland's "How the charity works" categories → CPV services. `inferred`:
 * the category is the charity's own classification on the register, the CPV equivalent a rule. Only categories
 * that name a commissioned service are mapped. Tested in tests/unit/import/register-mappings.test.ts.
 */
export const CCNI_HOW_SERVICES: Readonly<Record<string, string>> = {
  'counselling/support': '85312320',
  'advice/advocacy/information': '85312310',
  'education/training': '80500000',
  'youth development': '98133110',
  'playgroup/after schools': '85312110',
  'medical/health/sickness': '85100000',
  disability: '85311200',
  'accommodation/housing': '98341000',
  'sport/recreation': '92600000',
  arts: '92310000',
};

/** "Counselling/support,Education/training" → services (the register separates categories with commas). */
export function ccniServices(how: string): { code: string; rule: string }[] {
  const out: { code: string; rule: string }[] = [];
  for (const category of how.split(',').map((c) => c.trim())) {
    const code = CCNI_HOW_SERVICES[category.toLowerCase()];
    if (code !== undefined && !out.some((s) => s.code === code)) out.push({ code, rule: `CCNI "how the charity works": ${category}` });
  }
  return out;
}
