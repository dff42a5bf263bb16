/**
 * One answer, in one set of words, to "is this organisation a VCSE?" (voluntary, community and social enterprise),
 * for every sentence that says so — matching's tender-terms factor, consortium eligibility and reasons — so the
 * same organisation is never "not a VCSE" in one sentence and listed among "VCSE members" in the next.
 *
 * Charities, social enterprises (CICs among them) and co-operatives are VCSEs. A public service mutual is one when
 * its legal form keeps it not-for-profit (a CIC, a company limited by guarantee, a charity, a community benefit
 * society or a co-operative society) and not when it can distribute profit to owners (a company limited by
 * shares, an LLP); with no legal form on record it is taken as one, as most mutuals are (docs/domain.md).
 */
import type { LegalForm, Organisation, OrganisationKind } from './schema.ts';

export const KIND_LABEL: Readonly<Record<OrganisationKind, string>> = {
  public_service_mutual: 'a public service mutual',
  charity: 'a charity',
  social_enterprise: 'a social enterprise',
  cooperative: 'a co-operative',
  nhs_body: 'an NHS body',
  private_provider: 'a private provider',
  local_authority: 'a local authority',
};

const VCSE_KINDS: ReadonlySet<OrganisationKind> = new Set(['charity', 'social_enterprise', 'cooperative']);
const PROFIT_DISTRIBUTING: ReadonlySet<LegalForm> = new Set(['company_limited_by_shares', 'llp']);

export function isVcse(org: Pick<Organisation, 'kind' | 'legalForm'>): boolean {
  if (VCSE_KINDS.has(org.kind)) return true;
  return org.kind === 'public_service_mutual' && !PROFIT_DISTRIBUTING.has(org.legalForm);
}

const FORM_LABEL: Partial<Record<LegalForm, string>> = {
  cic: 'a CIC',
  company_limited_by_guarantee: 'a company limited by guarantee',
  company_limited_by_shares: 'a company limited by shares',
  charity_cio: 'a charitable incorporated organisation',
  charitable_trust: 'a charitable trust',
  llp: 'an LLP',
  cooperative_society: 'a co-operative society',
  community_benefit_society: 'a community benefit society',
};

/**
 * "a public service mutual (a CIC), which counts as a VCSE", "a charity", "a private provider, not a VCSE".
 * The kind is always named; for a mutual, the legal form that decides it.
 */
export function vcseWords(org: Pick<Organisation, 'kind' | 'legalForm'>): string {
  const kind = KIND_LABEL[org.kind];
  if (org.kind !== 'public_service_mutual') return isVcse(org) ? kind : `${kind}, not a VCSE`;
  const form = FORM_LABEL[org.legalForm];
  return isVcse(org)
    ? `${kind}${form ? ` (${form})` : ''}, which counts as a VCSE`
    : `${kind}${form ? ` (${form})` : ''}, which can distribute profit and so is not a VCSE`;
}
