/**
 * Partnership-model advice: which way of structuring a consortium suits this team and this commissioner,
 * ranked, with reasons, who carries the liability, and the questions the partners must settle.
 *
 * Source: "Partnerships for better public services" (2018), the chapter "Range of options available" — the
 * spectrum informal → contractual (subcontracting, contractual JV, alliance) → new legal entity (company
 * limited by shares, CIC, LLP), its tables of advantages and disadvantages, the survey shares (subcontracting
 * 59%, informal 51%, new legal entity 8%) and its "Key considerations for choosing a legal arrangement";
 * distilled in docs/domain.md ("Partnership models", "Commissioners' side"). Merger is out of scope.
 *
 * Each model starts from a prior (how simple and familiar it is: legal complexity is the top barrier, 59%)
 * and the rules below move it up or down; every rule that fires gives its reason. Scores are clamped to
 * [0, 1]. Rules and priors are data: change them here, the tests in tests/unit/consortia pin the behaviour
 * the report describes.
 */
import { gbp, listOf, plural } from '../matching/format.ts';
import type { CommercialMaturity, LegalForm, OrganisationKind, PartnershipModel } from '../organisations/schema.ts';

export const CONSORTIUM_MODELS = [
  'informal_consortium',
  'prime_subcontractors',
  'contractual_joint_venture',
  'alliance',
  'company_limited_by_shares',
  'community_interest_company',
  'limited_liability_partnership',
] as const;
export type ConsortiumModel = (typeof CONSORTIUM_MODELS)[number];

const NEW_ENTITIES: readonly ConsortiumModel[] = [
  'company_limited_by_shares',
  'community_interest_company',
  'limited_liability_partnership',
];

export interface ModelMember {
  id: string;
  name: string;
  kind: OrganisationKind;
  legalForm: LegalForm;
  turnoverGbp?: number;
  commercialMaturity: CommercialMaturity;
  /** lots bid for that this member can deliver whole */
  wholeLots: number;
  /** required services it covers */
  servicesCovered: number;
  /** models of its past partnerships */
  pastModels: readonly PartnershipModel[];
  /** whether it holds an asset lock among its values */
  holdsAssetLock: boolean;
  isLead: boolean;
}

/** What the advice depends on: the team, the tender and what the commissioner and partners want. */
export interface ModelSituation {
  members: readonly ModelMember[];
  commissioner?: string;
  /** most of the required services are health (CPV sector) */
  health: boolean;
  lotsBidFor: number;
  servicesRequired: number;
  /** reserved for mutuals under a rule in force (src/tenders/reserved-contracts.ts) */
  reservedForMutuals: boolean;
  /** the provision the reservation rests on ("Procurement Act 2023 s.33") */
  reservationLaw?: string;
  daysToDeadline?: number;
  /** pairs of member names that have never worked together */
  newPairs: readonly (readonly [string, string])[];
  pairCount: number;
  singleContractorRequired?: boolean;
  /** why a single contractor is assumed, when the request did not say: the tender is not open to consortia */
  singleContractorInferred?: boolean;
  assetLockWanted?: boolean;
  outliveContract?: boolean;
  sharedRisk?: boolean;
  jointAndSeveralLiability?: boolean;
  shortDeadlineDays: number;
}

export interface ModelOption {
  model: ConsortiumModel;
  label: string;
  /** the organisation schema's partnership model this is a form of */
  family: PartnershipModel;
  score: number;
  for: string[];
  against: string[];
  liability: string;
}

export interface Prime {
  id: string;
  name: string;
  why: string;
}

export interface ModelAdvice {
  models: ModelOption[];
  /** who should hold the contract if the partners choose prime-and-subcontractors */
  prime?: Prime;
  questions: string[];
  note?: string;
}

interface ModelInfo {
  label: string;
  family: PartnershipModel;
  /** prior fit before the rules: simple, familiar models higher */
  prior: number;
  for: string[];
  against: string[];
  liability: (prime: string) => string;
}

export const MODEL_INFO: Readonly<Record<ConsortiumModel, ModelInfo>> = {
  informal_consortium: {
    label: 'Informal consortium (memorandum of understanding)',
    family: 'informal_consortium',
    prior: 0.45,
    for: ['Quick and cheap to set up, and members keep full autonomy (51% of mutuals that partnered had used one)'],
    against: ['An MOU is not legally binding: there is no formal way to reach consensus if things go wrong'],
    liability: () => 'Unclear: each provider contracts with the commissioner separately and the MOU does not bind them to each other',
  },
  prime_subcontractors: {
    label: 'Prime contractor with subcontractors',
    family: 'subcontracting',
    prior: 0.6,
    for: ['Simple and familiar: 59% of mutuals that partnered had used subcontracting, and no new entity is needed'],
    against: ['Subcontractors have less control over the contract'],
    liability: (prime) =>
      `${prime}, as prime, is liable to the commissioner for every subcontractor (contracts and insurance can pass some of it back)`,
  },
  contractual_joint_venture: {
    label: 'Contractual joint venture',
    family: 'contractual_joint_venture',
    prior: 0.4,
    for: ['Flexible: the agreement records what each partner contributes and how reward is shared, with no new entity'],
    against: ['Hard to cover every issue without unnecessary complexity'],
    liability: () => 'As the JV agreement allocates it; whoever signs with the commissioner answers to it',
  },
  alliance: {
    label: 'Alliance',
    family: 'alliance',
    prior: 0.3,
    for: ['Members are equal partners under shared principles, each with its own contract, not responsible for each other'],
    against: ['Needs a commissioner willing to contract with every member and to share risk and outcomes'],
    liability: () =>
      'Each member for its own contract with the commissioner — unless the commissioner asks for joint and several liability',
  },
  company_limited_by_shares: {
    label: 'New legal entity: company limited by shares',
    family: 'new_legal_entity',
    prior: 0.3,
    for: ['Clear who contracts with the commissioner; shareholders’ liability is limited; surplus can be retained in the venture'],
    against: ['A new entity to run (accounts, tax returns, insurance), corporation tax on surpluses, and more steps to wind up'],
    liability: () =>
      'The new company; shareholders’ liability is limited to their share capital unless they give parent company guarantees',
  },
  community_interest_company: {
    label: 'New legal entity: community interest company (CIC)',
    family: 'new_legal_entity',
    prior: 0.25,
    for: ['Clear who contracts with the commissioner, limited liability, and an asset lock that keeps the benefit in the community'],
    against: ['Dividends capped at 35% of distributable profits and assets locked on winding up; a new entity to run'],
    liability: () => 'The CIC; members’ liability is limited unless they give parent company guarantees',
  },
  limited_liability_partnership: {
    label: 'New legal entity: limited liability partnership (LLP)',
    family: 'new_legal_entity',
    prior: 0.3,
    for: [
      'Clear who contracts with the commissioner, limited liability, and tax-transparent: surpluses are taxed as the members’ own income',
    ],
    against: ['A new entity to run; of limited benefit if members must give parent company guarantees'],
    liability: () => 'The LLP; members’ liability is limited to their capital accounts unless they give parent company guarantees',
  },
};

type Effect = readonly [delta: number, reason: string];

interface Rule {
  id: string;
  /** where the rule comes from */
  source: string;
  effects(s: ModelSituation, ctx: RuleContext): Partial<Record<ConsortiumModel, Effect>> | undefined;
}

interface RuleContext {
  charities: string[];
  newShare: number;
  largest?: ModelMember;
  secondTurnover: number;
  mutuals: string[];
}

const onEntities = (delta: number, reason: string): Partial<Record<ConsortiumModel, Effect>> =>
  Object.fromEntries(NEW_ENTITIES.map((m) => [m, [delta, reason] as const]));

const REPORT = 'Partnerships for better public services (2018), “Range of options available”';

/** The rules, in the order their reasons are shown. */
export const MODEL_RULES: readonly Rule[] = [
  {
    id: 'single-contractor',
    source: `${REPORT}: JV “can be unclear who will contract with the commissioner – who may prefer a single contractor”; new entities “clear who is contracting”`,
    effects: (s) => {
      if (!s.singleContractorRequired) return undefined;
      const why = s.singleContractorInferred
        ? 'The tender is not open to consortia, so the commissioner wants a single contractor'
        : 'The commissioner wants a single contractor';
      return {
        prime_subcontractors: [0.25, `${why}: the prime holds the one contract`],
        ...onEntities(0.2, `${why}: the new entity holds the one contract, with limited liability for its members`),
        informal_consortium: [-0.35, `${why}, but in an informal consortium each provider contracts separately`],
        contractual_joint_venture: [-0.25, `${why}, and a contractual JV leaves it unclear who contracts`],
        alliance: [-0.3, `${why}, but in an alliance every member contracts with it separately`],
      };
    },
  },
  {
    id: 'health',
    source: `${REPORT}: an alliance is “a form of Contractual Joint Venture usually used in the Health sector”`,
    effects: (s) => (s.health ? { alliance: [0.2, 'This is mainly a health tender, where alliances are most used'] } : undefined),
  },
  {
    id: 'shared-risk',
    source: `${REPORT}: in an alliance “the commissioner(s) and all providers share risk and responsibility for outcomes”`,
    effects: (s) =>
      s.sharedRisk
        ? {
            alliance: [0.2, 'The commissioner wants to share risk and outcomes with providers, which the alliance contracts provide for'],
            contractual_joint_venture: [0.1, 'Risk and reward are to be shared, which a JV agreement records'],
          }
        : undefined,
  },
  {
    id: 'health-and-shared-risk',
    source: `${REPORT}: the alliance row`,
    effects: (s) =>
      s.health && s.sharedRisk ? { alliance: [0.1, 'Health plus shared risk with the commissioner is the typical alliance'] } : undefined,
  },
  {
    id: 'joint-and-several',
    source: `${REPORT}: joint and several liability “undermines the essential advantage of the alliance”`,
    effects: (s) =>
      s.jointAndSeveralLiability
        ? {
            alliance: [
              -0.4,
              'The commissioner asks for joint and several liability: each member would answer for the others, undermining the alliance',
            ],
            informal_consortium: [-0.1, 'Joint and several liability on top of an unbinding MOU leaves members exposed to each other'],
          }
        : undefined,
  },
  {
    id: 'charities',
    source: `${REPORT}: LLP “particularly useful for charities”; all surpluses taxed as the owners’ income`,
    effects: (_s, c) =>
      c.charities.length > 0
        ? {
            limited_liability_partnership: [
              0.25,
              `${listOf(c.charities, 2)} ${c.charities.length === 1 ? 'is a charity' : 'are charities'}: an LLP suits charities and is tax-transparent`,
            ],
            company_limited_by_shares: [
              -0.05,
              'A company limited by shares pays corporation tax on surpluses before any reaches the charities',
            ],
          }
        : undefined,
  },
  {
    id: 'asset-lock',
    source: `${REPORT}: CIC “asset lock… likely only to be used where the commissioner requires / favours a CIC”`,
    effects: (s) =>
      s.assetLockWanted
        ? {
            community_interest_company: [
              0.6,
              'An asset lock is wanted: a CIC locks its assets to the community interest and caps dividends at 35%',
            ],
            company_limited_by_shares: [-0.15, 'An asset lock is wanted, which a company limited by shares does not have'],
            limited_liability_partnership: [-0.1, 'An asset lock is wanted, which an LLP does not have'],
          }
        : undefined,
  },
  {
    id: 'members-hold-asset-lock',
    source: 'docs/domain.md: legal forms (CIC: asset lock)',
    effects: (s) =>
      s.assetLockWanted === undefined && s.members.length > 1 && s.members.every((m) => m.holdsAssetLock)
        ? {
            community_interest_company: [
              0.1,
              'Every member holds an asset lock among its values, which a CIC would carry into the venture',
            ],
          }
        : undefined,
  },
  {
    id: 'outlive-contract',
    source: `${REPORT}: a new entity “brings benefits that extend beyond delivering a single contract”; CIC “can continue… beyond the immediate contract”`,
    effects: (s) =>
      s.outliveContract
        ? {
            ...onEntities(0.2, 'The venture should outlive this contract: a new entity can keep bidding in its own right'),
            community_interest_company: [0.25, 'The venture should outlive this contract: a CIC keeps benefiting the community beyond it'],
            informal_consortium: [-0.05, 'The venture should outlive this contract, and an MOU is a loose basis for that'],
          }
        : undefined,
  },
  {
    id: 'new-to-each-other',
    source: 'docs/domain.md: trust is the #1 success factor; informal “liability unclear”; subcontracting “simple and familiar (59%)”',
    effects: (s, c) => {
      if (s.pairCount === 0 || c.newShare < 0.5) return undefined;
      const pair = s.newPairs[0];
      const who =
        s.newPairs.length === 1
          ? `${pair[0]} and ${pair[1]} have`
          : `${plural(s.newPairs.length, 'pair')} of members (e.g. ${pair[0]} and ${pair[1]}) have`;
      return {
        informal_consortium: [
          -0.2,
          `${who} never worked together: an unbinding MOU leaves it unclear where liability sits if things go wrong`,
        ],
        prime_subcontractors: [0.1, `${who} never worked together: subcontracting is familiar and clear about who is liable`],
        ...onEntities(-0.1, `${who} never worked together: co-owning a company is a big step before trust is built`),
      };
    },
  },
  {
    id: 'worked-together',
    source: 'Report case study (HWP LLP grew from long-standing relationships); docs/domain.md: trust',
    effects: (s, c) =>
      s.pairCount > 0 && c.newShare === 0
        ? {
            informal_consortium: [0.1, 'Every pair of members has worked together before: a lighter arrangement can rest on that trust'],
            contractual_joint_venture: [0.1, 'Every pair of members has worked together before, which makes agreeing a JV realistic'],
            ...onEntities(0.1, 'Every pair of members has worked together before, which makes a jointly owned entity realistic'),
          }
        : undefined,
  },
  {
    id: 'short-deadline',
    source: `${REPORT}: a new legal entity “requires significantly more preparation and legal support”`,
    effects: (s) =>
      s.daysToDeadline !== undefined && s.daysToDeadline < s.shortDeadlineDays
        ? {
            ...onEntities(
              -0.25,
              `Only ${plural(Math.max(0, s.daysToDeadline), 'day')} to the deadline: a new legal entity needs much more preparation and legal support`,
            ),
            prime_subcontractors: [0.05, `Quick to put in place before the deadline in ${plural(Math.max(0, s.daysToDeadline), 'day')}`],
            informal_consortium: [0.05, 'Quickest to put in place before the deadline'],
          }
        : undefined,
  },
  {
    id: 'size-balance',
    source: `${REPORT}: JV “particularly useful where there is no head contract so no need for a lead partner”; alliance “all organisations are equal partners”`,
    effects: (s, c) => {
      if (s.members.length < 2 || !c.largest?.turnoverGbp) return undefined;
      const big = c.largest.turnoverGbp;
      if (c.secondTurnover > 0 && big < 1.5 * c.secondTurnover)
        return {
          contractual_joint_venture: [0.1, 'The largest members are of similar size: a JV needs no lead partner'],
          alliance: [0.05, 'Members of similar size can be equal partners, as an alliance expects'],
        };
      if (big >= 3 * Math.max(c.secondTurnover, 1))
        return {
          prime_subcontractors: [
            0.1,
            `${c.largest.name} is much the largest (${gbp(big)} turnover): a natural prime that can carry the liability`,
          ],
        };
      return undefined;
    },
  },
  {
    id: 'reserved-for-mutuals',
    source:
      'docs/domain.md, commissioners’ side: the reserved-contract exemption is restricted to qualifying mutuals (Procurement Act 2023 s.33 from 24 February 2025; PCR 2015 reg. 77 before; src/tenders/reserved-contracts.ts)',
    effects: (s, c) =>
      s.reservedForMutuals
        ? {
            ...onEntities(
              -0.15,
              'The contract is reserved for mutuals: a new entity would itself have to qualify (public-service mission, reinvested surplus, employee ownership)',
            ),
            ...(c.mutuals.length > 0
              ? {
                  prime_subcontractors: [
                    0.15,
                    `The contract is reserved for mutuals: ${c.mutuals[0]} qualifies and can hold it as prime`,
                  ] as const,
                }
              : {}),
            informal_consortium: [
              -0.1,
              'The contract is reserved for mutuals, and in an informal consortium every member contracts and must qualify',
            ],
            alliance: [-0.1, 'The contract is reserved for mutuals, and in an alliance every member contracts and must qualify'],
          }
        : undefined,
  },
  {
    id: 'many-members',
    source: `${REPORT}: informal arrangements “can be problematic if things go wrong”; the eight-member HWP LLP`,
    effects: (s) =>
      s.members.length >= 3
        ? {
            informal_consortium: [-0.1, `An MOU across ${s.members.length} organisations gives no formal way to settle disagreements`],
            ...(s.members.length >= 4
              ? {
                  limited_liability_partnership: [
                    0.05,
                    `An LLP can hold ${s.members.length} members together (the eight-member HWP LLP is one)`,
                  ] as const,
                }
              : {}),
          }
        : undefined,
  },
];

const CHARITY_FORMS: readonly LegalForm[] = ['charity_cio', 'charitable_trust'];
const MATURITY: Record<CommercialMaturity, number> = { emerging: 0.2, established: 0.6, experienced: 1 };

/** Ranks the models for a team of two or more; a team of one needs none. */
export function adviseModels(s: ModelSituation): ModelAdvice {
  if (s.members.length < 2) {
    return { models: [], questions: [], note: 'A single bidder needs no partnership model: you can bid alone' };
  }
  const byTurnover = [...s.members].sort((a, b) => (b.turnoverGbp ?? 0) - (a.turnoverGbp ?? 0));
  const ctx: RuleContext = {
    charities: s.members.filter((m) => m.kind === 'charity' || CHARITY_FORMS.includes(m.legalForm)).map((m) => m.name),
    newShare: s.pairCount > 0 ? s.newPairs.length / s.pairCount : 0,
    largest: byTurnover[0],
    secondTurnover: byTurnover[1]?.turnoverGbp ?? 0,
    mutuals: s.members.filter((m) => m.kind === 'public_service_mutual').map((m) => m.name),
  };
  const prime = choosePrime(s);

  const options: ModelOption[] = CONSORTIUM_MODELS.map((model) => {
    const info = MODEL_INFO[model];
    let score = info.prior;
    const pros: string[] = [];
    const cons: string[] = [];
    for (const rule of MODEL_RULES) {
      const effect = rule.effects(s, ctx)?.[model];
      if (!effect) continue;
      score += effect[0];
      (effect[0] >= 0 ? pros : cons).push(effect[1]);
    }
    return {
      model,
      label: info.label,
      family: info.family,
      score: Math.round(Math.min(1, Math.max(0, score)) * 1000) / 1000,
      for: [...pros, ...info.for],
      against: [...cons, ...info.against],
      liability: info.liability(prime?.name ?? 'The prime'),
    };
  });
  options.sort((a, b) => b.score - a.score || CONSORTIUM_MODELS.indexOf(a.model) - CONSORTIUM_MODELS.indexOf(b.model));
  return { models: options, prime, questions: questionsFor(s, options[0]) };
}

/**
 * The member that should hold the contract as prime: weighs turnover (0.4, it carries the liability), lots
 * it can deliver whole or else services covered (0.3), bidding experience (0.2) and past subcontracting
 * (0.1). On a contract reserved for mutuals only a public service mutual can be prime.
 */
export function choosePrime(s: ModelSituation): Prime | undefined {
  const mutuals = s.members.filter((m) => m.kind === 'public_service_mutual');
  const pool = s.reservedForMutuals && mutuals.length > 0 ? mutuals : s.members;
  if (pool.length === 0) return undefined;
  const maxTurnover = Math.max(1, ...s.members.map((m) => m.turnoverGbp ?? 0));
  const useLots = s.lotsBidFor > 0 && s.members.some((m) => m.wholeLots > 0);
  const maxHeld = Math.max(1, ...s.members.map((m) => (useLots ? m.wholeLots : m.servicesCovered)));
  const scoreOf = (m: ModelMember) =>
    0.4 * ((m.turnoverGbp ?? 0) / maxTurnover) +
    0.3 * ((useLots ? m.wholeLots : m.servicesCovered) / maxHeld) +
    0.2 * MATURITY[m.commercialMaturity] +
    0.1 * (m.pastModels.includes('subcontracting') ? 1 : 0);
  const best = [...pool].sort((a, b) => scoreOf(b) - scoreOf(a) || (a.isLead ? -1 : b.isLead ? 1 : a.id.localeCompare(b.id)))[0];

  const why: string[] = [];
  if (s.reservedForMutuals && best.kind === 'public_service_mutual') why.push('is the public service mutual the reserved contract needs');
  if (best.turnoverGbp !== undefined && best.turnoverGbp >= maxTurnover)
    why.push(`has the largest turnover (${gbp(best.turnoverGbp)}), so can best carry the liability`);
  if (useLots && best.wholeLots >= maxHeld) why.push(`can deliver ${best.wholeLots} of the ${plural(s.lotsBidFor, 'lot')} whole`);
  else if (!useLots && best.servicesCovered >= maxHeld)
    why.push(`covers the most required services (${best.servicesCovered} of ${s.servicesRequired})`);
  if (best.commercialMaturity === 'experienced') why.push('is experienced at competitive bidding');
  if (best.pastModels.includes('subcontracting')) why.push('has managed subcontracting arrangements before');
  if (why.length === 0) why.push('scores best on turnover, services held and bidding experience taken together');
  return { id: best.id, name: best.name, why: `${best.name} should lead as prime: it ${listOf(why, 4)}.` };
}

/** The report's key considerations, made specific to this team and its best-ranked model. */
function questionsFor(s: ModelSituation, top: ModelOption): string[] {
  const names = s.members.map((m) => m.name);
  const commissioner = s.commissioner ?? 'the commissioner';
  const q = [
    `Will ${commissioner} accept the arrangement proposed (${top.label})?`,
    `What does each partner contribute (services, lots, staff, premises), and what should be formalised in contract rather than left informal?`,
    `How will risk and reward be shared between ${listOf(names, 4)}?`,
    'How will disagreements be resolved?',
    'How can the arrangement be ended, and what happens to the contract, staff and service users if a partner leaves?',
    'How will you name the collaboration in the bid and in publicity (name, use and order of logos)?',
  ];
  if (s.newPairs.length > 0) {
    const [a, b] = s.newPairs[0];
    const time = s.daysToDeadline !== undefined ? ` in the ${plural(Math.max(0, s.daysToDeadline), 'day')} before the deadline` : '';
    q.push(`How will ${a} and ${b}, who have never worked together, build trust${time}?`);
  }
  if (s.jointAndSeveralLiability)
    q.push(`Will ${commissioner} drop joint and several liability, or how will members cover each other’s risk?`);
  if (s.reservedForMutuals)
    q.push(
      `Does the organisation that signs the contract meet the reserved-contract conditions of ${s.reservationLaw ?? 'the rule in force'} (public-service mission, not for profit or profit only to members, employee control, no comparable reserved contract from the same authority in the past 3 years)?`,
    );
  return q;
}
