/**
 * Measures a dataset against the survey figures (docs/domain.md), so tests and the generator script report what
 * the output actually holds rather than what the generator meant to produce.
 */
import type { Organisation, OrganisationKind, PartnershipModel } from '../organisations/schema.ts';
import type { Sector } from '../reference/types.ts';

export interface PartneringStats {
  organisations: number;
  mutuals: number;
  /** share of mutuals with at least one partnership */
  mutualsPartneredShare: number;
  /** of mutuals that have partnered: share with at least one partner of each kind */
  partnerKindShare: Record<OrganisationKind, number>;
  /** of mutuals that have partnered: share that used each model at least once */
  modelShare: Record<PartnershipModel, number>;
  /** mean success (1–5) over the mutuals' partnership records */
  meanSuccess: number;
  /** share of mutuals that have partnered, by turnover quartile (lowest first) */
  partneredByTurnoverQuartile: number[];
  /** share of mutuals whose first (main) service is in health or social care */
  mutualsHealthAndSocialCareShare: number;
  /** partnership records pointing at an id not in the dataset */
  danglingPartnerIds: number;
  /** share of all organisations that are open to partnering */
  openToPartneringShare: number;
}

const KINDS: readonly OrganisationKind[] = [
  'public_service_mutual',
  'charity',
  'social_enterprise',
  'cooperative',
  'nhs_body',
  'private_provider',
  'local_authority',
];
const MODELS: readonly PartnershipModel[] = [
  'informal_consortium',
  'subcontracting',
  'contractual_joint_venture',
  'alliance',
  'new_legal_entity',
];

const round = (x: number) => Math.round(x * 1000) / 1000;

export function measurePartnering(organisations: readonly Organisation[], sectorOf: (cpv: string) => Sector): PartneringStats {
  const kindOf = new Map(organisations.map((o) => [o.id, o.kind]));
  const mutuals = organisations.filter((o) => o.kind === 'public_service_mutual');
  const partnered = mutuals.filter((o) => o.partnerships.length > 0);
  const share = (pred: (o: Organisation) => boolean, of: readonly Organisation[]) =>
    of.length === 0 ? 0 : round(of.filter(pred).length / of.length);

  const partnerKindShare = Object.fromEntries(
    KINDS.map((k) => [k, share((o) => o.partnerships.some((p) => kindOf.get(p.partnerId) === k), partnered)]),
  ) as Record<OrganisationKind, number>;
  const modelShare = Object.fromEntries(
    MODELS.map((m) => [m, share((o) => o.partnerships.some((p) => p.model === m), partnered)]),
  ) as Record<PartnershipModel, number>;
  const records = partnered.flatMap((o) => o.partnerships);
  const meanSuccess = records.length === 0 ? 0 : round(records.reduce((s, p) => s + p.success, 0) / records.length);

  const byTurnover = [...mutuals].sort((a, b) => (a.annualTurnoverGbp ?? 0) - (b.annualTurnoverGbp ?? 0) || (a.id < b.id ? -1 : 1));
  const quartiles = [0, 1, 2, 3].map((q) => {
    const members = byTurnover.slice(Math.floor((q * byTurnover.length) / 4), Math.floor(((q + 1) * byTurnover.length) / 4));
    return share((o) => o.partnerships.length > 0, members);
  });

  let dangling = 0;
  for (const o of organisations) for (const p of o.partnerships) if (!kindOf.has(p.partnerId)) dangling++;

  return {
    organisations: organisations.length,
    mutuals: mutuals.length,
    mutualsPartneredShare: share((o) => o.partnerships.length > 0, mutuals),
    partnerKindShare,
    modelShare,
    meanSuccess,
    partneredByTurnoverQuartile: quartiles,
    mutualsHealthAndSocialCareShare: share(
      (o) => o.services.length > 0 && ['health', 'social_care'].includes(sectorOf(o.services[0])),
      mutuals,
    ),
    danglingPartnerIds: dangling,
    openToPartneringShare: share((o) => o.openToPartnering, organisations),
  };
}
