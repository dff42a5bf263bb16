/**
 * Kind and legal form of an organisation from what registers and funders say about it.
 *
 * 1. The source's organisation type, when it gives one (Power to Change's "Community Interest Company",
 *    Find That Charity's "registered-charity|incorporated-charity", …), by the rules in TYPE_RULES.
 * 2. Otherwise its identifiers: a charity register number → charity (a company limited by guarantee when it
 *    also has a company number); a registered society number (IP…R, RS…) → co-operative; a CIO number at
 *    Companies House (CE…, CS…) → charity, CIO; GB-NHS → NHS body; council org-ids → local authority.
 * 3. Otherwise the name ("… CIC" → social enterprise, CIC).
 * 4. Otherwise, for a company with no charity number, social enterprise (legal form "other"): the recipients
 *    of community grants that are neither charities nor co-operatives are mostly non-profit companies. For
 *    anything else (funder-local ids of small unregistered groups, schools) "charity" stands for the
 *    voluntary sector, legal form "other".
 * An organisation type saying "Converted/Closed" marks the organisation as closed.
 */
import type { LegalForm, OrganisationKind } from '../schema.ts';

export interface KindReading {
  kind: OrganisationKind;
  legalForm: LegalForm;
  closed?: boolean;
  /** how it was read, for the fact's source: 'organisation type "Community Interest Company"', 'a charity number', … */
  rule?: string;
}

type Rule = [RegExp, (ctx: { charity: boolean; company: boolean }) => KindReading];

const TYPE_RULES: Rule[] = [
  [/\bconverted\b|\bclosed\b|\bremoved\b|\bdissolved\b/, () => ({ kind: 'charity', legalForm: 'other', closed: true })],
  [/\bnhs\b|foundation trust|health board/, () => ({ kind: 'nhs_body', legalForm: 'other' })],
  [/local authority|\bcouncil\b/, () => ({ kind: 'local_authority', legalForm: 'local_authority' })],
  [/community interest company|\bcic\b/, () => ({ kind: 'social_enterprise', legalForm: 'cic' })],
  [/community benefit society|\bcbs\b|bencom/, () => ({ kind: 'cooperative', legalForm: 'community_benefit_society' })],
  [/co ?operative/, () => ({ kind: 'cooperative', legalForm: 'cooperative_society' })],
  [/registered society|industrial and provident|mutual society/, () => ({ kind: 'cooperative', legalForm: 'other' })],
  [/charitable incorporated organi[sz]ation|\bs?cio\b/, () => ({ kind: 'charity', legalForm: 'charity_cio' })],
  [/limited liability partnership|\bllp\b/, () => ({ kind: 'private_provider', legalForm: 'llp' })],
  [
    /company limited by guarantee|guarantee/,
    ({ charity }) => ({ kind: charity ? 'charity' : 'social_enterprise', legalForm: 'company_limited_by_guarantee' }),
  ],
  [/limited by shares|private limited company|\bplc\b/, () => ({ kind: 'private_provider', legalForm: 'company_limited_by_shares' })],
  [/limited partnership/, () => ({ kind: 'private_provider', legalForm: 'other' })],
  [/unincorporated/, () => ({ kind: 'charity', legalForm: 'unincorporated_association' })],
  [/\btrust\b/, () => ({ kind: 'charity', legalForm: 'charitable_trust' })],
  [/charit/, ({ company }) => ({ kind: 'charity', legalForm: company ? 'company_limited_by_guarantee' : 'other' })],
];

/** "registered-charity|incorporated-charity" → "registered charity incorporated charity" */
function normaliseType(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z]+/g, ' ')
    .trim();
}

export function kindFromType(typeText: string, ctx: { charity: boolean; company: boolean }): KindReading | undefined {
  const t = normaliseType(typeText);
  if (t === '') return undefined;
  for (const [pattern, make] of TYPE_RULES) if (pattern.test(t)) return { ...make(ctx), rule: `organisation type "${typeText.trim()}"` };
  return undefined;
}

export function inferKind(input: {
  typeText?: string;
  identifiers: readonly string[];
  name?: string;
  hasCharityNumber: boolean;
}): KindReading {
  const ids = input.identifiers;
  const charity = input.hasCharityNumber || ids.some((id) => /^GB-(CHC|SC|NIC)-/.test(id));
  const companies = ids.filter((id) => id.startsWith('GB-COH-'));
  const company = companies.length > 0;
  if (input.typeText !== undefined) {
    const fromType = kindFromType(input.typeText, { charity, company });
    if (fromType) return fromType;
  }
  if (ids.some((id) => id.startsWith('GB-NHS-'))) return { kind: 'nhs_body', legalForm: 'other', rule: 'an NHS ODS code' };
  if (ids.some((id) => /^GB-(LAE|LAS|LAN|PLA)-/.test(id)))
    return { kind: 'local_authority', legalForm: 'local_authority', rule: 'a council id' };
  if (companies.some((id) => /^GB-COH-(IP|RS)/.test(id)))
    return { kind: 'cooperative', legalForm: 'other', rule: 'a registered society number' };
  if (companies.some((id) => /^GB-COH-(CE|CS)/.test(id))) return { kind: 'charity', legalForm: 'charity_cio', rule: 'a CIO number' };
  if (input.name !== undefined && /\bC\.?I\.?C\.?$|community interest company/i.test(input.name.trim()))
    return { kind: 'social_enterprise', legalForm: 'cic', rule: 'the name ends in CIC' };
  if (charity)
    return {
      kind: 'charity',
      legalForm: company ? 'company_limited_by_guarantee' : 'other',
      rule: company ? 'charity and company numbers' : 'a charity number',
    };
  if (company) return { kind: 'social_enterprise', legalForm: 'other', rule: 'a company number and no charity number' };
  return { kind: 'charity', legalForm: 'other', rule: 'no type or number: the voluntary sector' };
}
