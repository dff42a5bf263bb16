/**
 * Draft heads of terms for a consortium the partners have chosen: a starting point they can take to their boards and
 * lawyers, drafted from the partnership model's rules (models.ts, from "Partnerships for better public services",
 * 2018) and the consortium's facts (who covers what where, shares of the value, turnover, the tender). Legal
 * complexity is the top barrier to bidding in partnership (59% of mutuals in that report): this removes the blank
 * page, not the lawyer.
 *
 * Every paragraph says what it rests on (`basis`): a fact of the tender or of the consortium, a rule of the model,
 * or a standard term of heads of terms. What the partners must settle is marked as a question, never decided for
 * them. Pure: no I/O; the renderers (heads-of-terms-docx.ts, the web page) only lay it out.
 */
import { gbp, listOf, plural } from '../matching/format.ts';
import { demoNote } from '../matching/places.ts';
import { sourceOf } from '../organisations/provenance.ts';
import { KIND_LABEL } from '../organisations/vcse.ts';
import type { LegalForm, Organisation } from '../organisations/schema.ts';
import { contractYears, type Tender } from '../tenders/schema.ts';
import { MODEL_INFO, type ConsortiumModel } from './models.ts';
import type { Consortium, ConsortiumResponse } from './schema.ts';

export const HEADS_OF_TERMS_SECTIONS = [
  'status',
  'parties',
  'purpose',
  'structure',
  'delivery',
  'value',
  'liability',
  'governance',
  'data',
  'ip',
  'exclusivity',
  'costs',
  'outcome',
  'exit',
] as const;
export type HeadsOfTermsSection = (typeof HEADS_OF_TERMS_SECTIONS)[number];

/** What a paragraph rests on. */
export type Basis = 'tender' | 'consortium' | 'organisation' | 'model' | 'standard';

export interface Paragraph {
  text: string;
  basis: Basis;
  /** a question the partners must settle: the draft proposes nothing here */
  question?: boolean;
}

export interface Section {
  id: HeadsOfTermsSection;
  heading: string;
  paragraphs: Paragraph[];
}

export interface Party {
  id: string;
  name: string;
  role: string;
  kind: string;
  legalForm: string;
  /** the register the id names, in words, or a request for the registered number */
  identifier: string;
}

export interface HeadsOfTerms {
  title: string;
  /** the one-line status: subject to contract, a starting point, not legal advice */
  disclaimer: string;
  model: { model: ConsortiumModel; label: string; chosenBy: 'partners' | 'advice'; adviceRank: number; fit: number };
  tender: { id: string; title: string; buyer?: string };
  governingLaw: string;
  parties: Party[];
  sections: Section[];
  /** every question of every section, in order, with the advice's own questions */
  questions: string[];
  draftedAt: string;
}

export interface DraftInput {
  response: ConsortiumResponse;
  /** the consortium to draft for (response.consortia[0] for a chosen team) */
  consortium: Consortium;
  tender: Tender;
  /** the members' public records, for identifiers and ways of working (never their private fields) */
  organisations: readonly Organisation[];
  /** the model the partners chose; the advice's best when absent */
  model?: ConsortiumModel;
  now: Date;
}

export const DISCLAIMER =
  'Draft heads of terms, subject to contract: a starting point for the partners’ boards and lawyers, not legal advice. ' +
  'Only the paragraphs on confidentiality, costs and governing law are meant to bind once signed; everything else records what the partners intend.';

const LEGAL_FORM: Readonly<Record<LegalForm, string>> = {
  cic: 'community interest company',
  company_limited_by_guarantee: 'company limited by guarantee',
  company_limited_by_shares: 'company limited by shares',
  charity_cio: 'charitable incorporated organisation',
  charitable_trust: 'charitable trust',
  llp: 'limited liability partnership',
  cooperative_society: 'co-operative society',
  community_benefit_society: 'community benefit society',
  nhs_trust: 'NHS trust',
  nhs_foundation_trust: 'NHS foundation trust',
  local_authority: 'local authority',
  unincorporated_association: 'unincorporated association',
  other: 'legal form not recorded',
};

/** org-id schemes (org-id.guide) the registers give, in words. */
const SCHEMES: readonly (readonly [prefix: string, register: string])[] = [
  ['GB-CHC-', 'registered charity number {n} (Charity Commission for England and Wales)'],
  ['GB-SC-', 'Scottish charity number {n} (OSCR)'],
  ['GB-NIC-', 'charity number {n} (Charity Commission for Northern Ireland)'],
  ['GB-COH-', 'company number {n} (Companies House)'],
  ['GB-MPR-', 'society number {n} (FCA Mutuals Public Register)'],
  ['GB-NHS-', 'NHS organisation code {n} (NHS ODS)'],
  ['GB-CQC-', 'CQC provider id {n} (Care Quality Commission)'],
  ['GB-SHPE-', 'registered provider of social housing {n} (Regulator of Social Housing)'],
];

export function identifierOf(id: string): string {
  for (const [prefix, words] of SCHEMES) if (id.startsWith(prefix)) return `${id}: ${words.replace('{n}', id.slice(prefix.length))}`;
  return `${id}: not a register number — give the registered number (charity, company or society) before signing`;
}

/** England and Wales unless every delivery area is in Scotland or in Northern Ireland (by GSS code). */
export function governingLawOf(deliveryAreas: readonly string[]): string {
  if (deliveryAreas.length > 0 && deliveryAreas.every((c) => c.startsWith('S'))) return 'Scots law, the courts of Scotland';
  if (deliveryAreas.length > 0 && deliveryAreas.every((c) => c.startsWith('N'))) return 'the law and courts of Northern Ireland';
  return 'the law of England and Wales, the courts of England and Wales';
}

export function draftHeadsOfTerms(input: DraftInput): HeadsOfTerms {
  const { consortium: c, tender, response } = input;
  const ranked = c.advice.models;
  const model = input.model ?? ranked[0].model;
  const adviceRank = ranked.findIndex((m) => m.model === model) + 1;
  const option = ranked.find((m) => m.model === model);
  const info = MODEL_INFO[model];
  const family = info.family;
  const lead = c.members.find((m) => m.isLead)!;
  const prime = family === 'subcontracting' ? (c.members.find((m) => m.id === c.advice.prime?.id) ?? lead) : lead;
  const others = c.members.filter((m) => m !== prime);
  const names = (ms: readonly { name: string }[]) =>
    listOf(
      ms.map((m) => m.name),
      ms.length,
    );
  const law = governingLawOf(tender.deliveryAreas);
  const entity = family === 'new_legal_entity' ? info.label.replace('New legal entity: ', 'a new ') : undefined;

  const roleOf = (m: Consortium['members'][number]): string => {
    switch (family) {
      case 'subcontracting':
        return m === prime ? 'Prime contractor (holds the contract with the commissioner)' : `Subcontractor to ${prime.name}`;
      case 'informal_consortium':
        return m.isLead ? 'Lead member (coordinates the bid)' : 'Member of the consortium';
      case 'contractual_joint_venture':
        return m.isLead ? 'Lead partner of the joint venture' : 'Partner in the joint venture';
      case 'alliance':
        return m.isLead ? 'Alliance member and co-ordinator' : 'Alliance member';
      case 'new_legal_entity':
        return `Founding member of ${entity}`;
    }
  };

  const parties: Party[] = c.members.map((m) => ({
    id: m.id,
    name: m.name,
    role: roleOf(m),
    kind: KIND_LABEL[m.kind].replace(/^(a|an) /, ''),
    legalForm: LEGAL_FORM[m.legalForm],
    identifier: identifierOf(m.id),
  }));

  const p = (text: string, basis: Basis): Paragraph => ({ text, basis });
  const q = (text: string, basis: Basis): Paragraph => ({ text, basis, question: true });
  const sections: Section[] = [];
  const add = (id: HeadsOfTermsSection, heading: string, paragraphs: Paragraph[]) => sections.push({ id, heading, paragraphs });

  // 1. Status
  add('status', 'Status of this document', [
    p(DISCLAIMER, 'standard'),
    p(
      `Drafted by Consortia on ${dateText(input.now.toISOString())} from the consortium’s facts and the rules for ${info.label.toLowerCase()}. Each paragraph marked as a question is for the partners to settle; nothing here has been agreed by anyone yet.`,
      'standard',
    ),
  ]);

  // 2. Parties
  add(
    'parties',
    'The parties',
    parties.map((party) => p(`${party.name} (${party.kind}, ${party.legalForm}; ${party.identifier}) — ${party.role}.`, 'organisation')),
  );

  // 3. Purpose
  const years = contractYears(tender);
  const purpose: Paragraph[] = [
    p(
      `The parties intend to bid together for “${tender.title}”${tender.buyer ? `, commissioned by ${tender.buyer.name}` : ''} (${tender.id}${tender.source?.kind === 'synthetic' ? ', a demo tender, not a published notice' : ''})` +
        `${tender.valueGbp !== undefined ? `, estimated at ${gbp(tender.valueGbp)}${years > 1 ? ` over ${yearsText(years)}` : ''}` : ''}` +
        `${tender.submissionDeadline ? `, with bids due by ${dateText(tender.submissionDeadline)}` : ''}, and, if the bid succeeds, to deliver it as set out below.`,
      'tender',
    ),
  ];
  if (response.tender.lotsBidFor.length > 0)
    purpose.push(
      p(`Lots bid for: ${response.tender.lotsBidFor.map((l) => `lot ${l.id}${l.title ? ` (${l.title})` : ''}`).join('; ')}.`, 'tender'),
    );
  if (c.turnover.thresholdGbp !== undefined)
    purpose.push(
      p(
        `Combined turnover of ${gbp(c.turnover.combinedGbp)} ${c.turnover.meets ? 'meets' : 'does not meet'} the ${gbp(c.turnover.thresholdGbp)} the tender asks of a bidder${c.turnover.unknown.length > 0 ? ` (the turnover of ${plural(c.turnover.unknown.length, 'member')} is unknown and counted as nothing)` : ''}.`,
        'consortium',
      ),
    );
  if (!c.turnover.meets)
    purpose.push(
      q(
        'The team falls short of the turnover the tender asks for: agree whether to add a partner, rely on a guarantee, or not bid.',
        'consortium',
      ),
    );
  for (const note of c.eligibility.notes) purpose.push(p(`${note}.`, 'consortium'));
  add('purpose', 'Purpose and the tender', purpose);

  // 4. Structure
  const structure: Paragraph[] = [p(`${info.label}. ${structureOf(family, prime.name, names(others), entity, names(c.members))}`, 'model')];
  structure.push(...info.for.map((t) => p(`For: ${t}.`, 'model')), ...info.against.map((t) => p(`Against: ${t}.`, 'model')));
  if (input.model !== undefined && adviceRank > 1) {
    const best = ranked[0];
    structure.push(
      q(
        `Consortia’s advice ranked ${best.label.toLowerCase()} first (fit ${best.score.toFixed(2)}) and this model ${ordinal(adviceRank)} (fit ${option!.score.toFixed(2)}): confirm why the partners prefer it.`,
        'model',
      ),
    );
  }
  if (family === 'subcontracting' && c.advice.prime && c.advice.prime.id !== lead.id)
    structure.push(
      p(`${c.advice.prime.name} is proposed as prime rather than ${lead.name}: ${c.advice.prime.why.replace(/\.+$/, '')}.`, 'model'),
    );
  if (family === 'new_legal_entity')
    structure.push(
      q('Check the tender lets a newly incorporated entity bid, and how it will show the experience and turnover of its members.', 'model'),
    );
  if (family === 'alliance')
    structure.push(q('Confirm the commissioner will contract with every member and share risk and outcomes.', 'model'));
  add('structure', 'Structure and roles', structure);

  // 5. Delivery
  const delivery: Paragraph[] = c.members.map((m) => {
    const services = m.role.services.map((s) => `${s.code} ${s.label}`);
    const whole = c.coverage.areas.length > 0 && m.role.areas.length === c.coverage.areas.length;
    const areas = whole
      ? [
          `the whole delivery area (${listOf(
            response.tender.deliveryAreas.map((a) => a.name),
            4,
          )})`,
        ]
      : m.role.areas.map((a) => a.name);
    const lots = m.role.lots.filter((l) => l.whole).map((l) => `lot ${l.id}`);
    if (services.length === 0) {
      const org = input.organisations.find((o) => o.id === m.id);
      const turnover =
        m.annualTurnoverGbp !== undefined && m.annualTurnoverGbp > 0 && c.turnover.thresholdGbp !== undefined
          ? `; it is in the team for its turnover, ${gbp(m.annualTurnoverGbp)}${demoNote([sourceOf(org?.provenance, 'annualTurnoverGbp')])}, towards the ${gbp(c.turnover.thresholdGbp)} the tender asks of a bidder`
          : '';
      return p(`${m.name} delivers none of the services the tender asks for in its area${turnover}.`, 'consortium');
    }
    return p(
      `${m.name} delivers ${listOf(services, services.length)}${areas.length > 0 ? `${whole ? ' across' : ' in'} ${listOf(areas, areas.length)}` : ''}${lots.length > 0 ? `, able to deliver ${listOf(lots, lots.length)} whole` : ''}.`,
      'consortium',
    );
  });
  for (const m of c.members)
    if (m.role.services.length === 0) delivery.push(q(`Agree what ${m.name} contributes to the bid.`, 'consortium'));
  for (const gap of c.coverage.uncovered)
    delivery.push(
      q(
        `No party covers ${gap.code} ${gap.label}${
          gap.areas.length > 0
            ? ` in ${listOf(
                gap.areas.map((a) => a.name),
                gap.areas.length,
              )}`
            : ''
        }: agree who will (a further partner or a subcontractor), or bid for fewer lots.`,
        'consortium',
      ),
    );
  const shared = c.coverage.services.filter((s) => s.members.length > 1);
  if (shared.length > 0)
    delivery.push(
      q(
        `More than one party covers ${listOf(
          shared.map((s) => `${s.code} ${s.name}`),
          4,
        )}: agree who delivers where, so that no two parties compete for the same referrals.`,
        'consortium',
      ),
    );
  add('delivery', 'Who delivers what, where', delivery);

  // 6. Value
  const value: Paragraph[] = [];
  const yearly = c.members.filter((m) => m.role.yearlyShareGbp !== undefined && m.role.yearlyShareGbp > 0);
  const total = yearly.reduce((sum, m) => sum + m.role.yearlyShareGbp!, 0);
  if (yearly.length > 0 && total > 0) {
    for (const m of yearly)
      value.push(
        p(
          `${m.name}: about ${gbp(m.role.yearlyShareGbp!)} a year (${Math.round((100 * m.role.yearlyShareGbp!) / total)}% of the value)${m.role.canCarry === false ? ', more than it can carry for its size' : ''}.`,
          'consortium',
        ),
      );
    value.push(
      p(
        'These shares are indicative: each service-and-place the tender asks for is counted as an equal part of its service’s value and split between the parties covering it in proportion to their turnover.',
        'consortium',
      ),
    );
  } else
    value.push(
      p('The tender’s value, or some parties’ turnover, is unknown: shares are set out as proportions of the price once agreed.', 'tender'),
    );
  value.push(
    q(
      `Agree each party’s share of the price, how payments flow${family === 'subcontracting' ? ` from ${prime.name} to its subcontractors (and within how many days)` : ''}, and any management fee${family === 'subcontracting' ? ` ${prime.name} keeps` : ''}.`,
      'model',
    ),
  );
  add('value', 'Indicative shares of the value', value);

  // 7. Liability and insurance
  const health = response.tender.requiredServices.some((s) => /^85[01]/.test(s.code));
  add('liability', 'Liability and insurance', [
    p(`${option?.liability ?? info.liability(prime.name)}.`, 'model'),
    p(
      family === 'subcontracting'
        ? `${prime.name} passes the commissioner’s terms down to each subcontractor back to back, for the part it delivers.`
        : family === 'new_legal_entity'
          ? `The parties consider whether the commissioner will ask for parent company guarantees from the members of ${entity}.`
          : 'Each party answers for its own part of the delivery and indemnifies the others for losses its own default causes.',
      'model',
    ),
    p(
      `Each party holds employer’s liability, public liability and professional indemnity insurance at the levels the tender requires${health ? ', and clinical negligence cover for the health services it delivers' : ''}.`,
      'standard',
    ),
    q(
      'Agree the levels of cover, any cap on each party’s liability to the others, and whether joint and several liability is accepted.',
      'standard',
    ),
  ]);

  // 8. Governance
  const speeds = input.organisations
    .filter((o) => c.members.some((m) => m.id === o.id))
    .map((o) => ({ name: o.name, speed: o.waysOfWorking.decisionSpeed, governance: o.waysOfWorking.governance }));
  const governance: Paragraph[] = [p(governanceOf(family, prime.name, entity), 'model')];
  const distinct = new Set(speeds.map((s) => s.speed));
  if (distinct.size > 1)
    governance.push(
      p(
        `The parties decide at different speeds (${speeds.map((s) => `${s.name}: ${s.speed.replace(/_/g, ' ')}`).join('; ')}): the bid timetable allows for the slowest sign-off.`,
        'organisation',
      ),
    );
  governance.push(q('Agree who sits on the board, how often it meets, and which decisions need every party’s consent.', 'model'));
  add('governance', 'Governance and decisions', governance);

  // 9. Data
  add('data', 'Data sharing', [
    p(
      'Each party is controller of its own records. Data about the people served is shared only as the contract and UK GDPR and the Data Protection Act 2018 allow, under a data sharing agreement signed before mobilisation.',
      'standard',
    ),
    ...(health
      ? [
          p(
            'Parties delivering health services meet the NHS Data Security and Protection Toolkit standard before handling NHS data.',
            'tender',
          ),
        ]
      : []),
    q('Agree who is controller and who processor for the service users’ data, as the commissioner’s contract sets it.', 'standard'),
  ]);

  // 10. IP
  add('ip', 'Intellectual property', [
    p(
      'Each party keeps its own intellectual property and grants the others a free, non-exclusive licence to use it to prepare this bid and, if it wins, to deliver the contract.',
      'standard',
    ),
    q(
      `Agree who owns what the parties create together for the bid (${family === 'new_legal_entity' ? `${entity}, ` : ''}the lead, or all jointly).`,
      'standard',
    ),
  ]);

  // 11. Exclusivity
  add('exclusivity', 'Exclusivity, confidentiality and non-compete for this bid', [
    p(
      `Until the award decision, no party bids for the same ${response.tender.lotsBidFor.length > 0 ? 'lots' : 'contract'} alone or with anyone else, nor supports a rival bid.`,
      'standard',
    ),
    p(
      'The parties exchange only the information the joint bid needs; pricing and other commercially sensitive information stays within the bid team (competition law: the Competition Act 1998).',
      'standard',
    ),
    p(
      'Each party keeps confidential what the others share with it for the bid and uses it only for the bid; this survives the end of these heads of terms.',
      'standard',
    ),
    q('Agree whether exclusivity reaches beyond this tender (other lots, related tenders) and for how long.', 'standard'),
  ]);

  // 12. Costs
  add('costs', 'Costs of bidding', [
    p('Each party bears its own costs of preparing the bid.', 'standard'),
    q(
      `Agree whether ${(family === 'subcontracting' ? prime : lead).name}’s costs of coordinating the bid are shared, and in what proportion.`,
      'consortium',
    ),
  ]);

  // 13. Outcome
  add('outcome', 'If the bid fails, if it wins', [
    p('If the bid fails, these heads of terms end when the award decision is final; the confidentiality paragraph survives.', 'standard'),
    p(
      `If the bid wins, the parties enter into ${definitiveOf(family, entity)} on these terms${tender.contractStart ? ` before the contract starts on ${dateText(tender.contractStart)}` : ' before the contract starts'}.`,
      'model',
    ),
    q('Agree who drafts the definitive agreements and by when.', 'standard'),
  ]);

  // 14. Exit and disputes
  add('exit', 'Exit and disputes', [
    p(
      'Before the bid is submitted a party may withdraw by written notice to the others; after award, only as the definitive agreements allow, with its part handed over so the service continues.',
      'standard',
    ),
    p(`A dispute goes first to the parties’ chief executives, then to mediation; these heads of terms are governed by ${law}.`, 'tender'),
    q('Agree what happens to a party’s share of the work if it leaves or fails during the contract.', 'standard'),
  ]);

  const questions = [
    ...sections.flatMap((s) => s.paragraphs.filter((x) => x.question).map((x) => x.text)),
    ...c.advice.questions.filter((text) => !sections.some((s) => s.paragraphs.some((x) => x.text === text))),
  ];
  return {
    title: `Heads of terms: ${tender.title}`,
    disclaimer: DISCLAIMER,
    model: { model, label: info.label, chosenBy: input.model === undefined ? 'advice' : 'partners', adviceRank, fit: option?.score ?? 0 },
    tender: { id: tender.id, title: tender.title, buyer: tender.buyer?.name },
    governingLaw: law,
    parties,
    sections,
    questions,
    draftedAt: input.now.toISOString(),
  };
}

function structureOf(
  family: (typeof MODEL_INFO)[ConsortiumModel]['family'],
  prime: string,
  others: string,
  entity: string | undefined,
  all: string,
): string {
  switch (family) {
    case 'subcontracting':
      return `${prime} bids and, if successful, holds the contract with the commissioner; ${others || 'the other parties'} deliver their parts as its subcontractors.`;
    case 'informal_consortium':
      return `${all} bid together under a memorandum of understanding; each contracts with the commissioner for its own part, and the memorandum does not bind them to each other.`;
    case 'contractual_joint_venture':
      return `${all} form a joint venture by agreement, without a new entity: the agreement records what each contributes and how reward and risk are shared.`;
    case 'alliance':
      return `${all} each hold a contract with the commissioner and work as equal partners under one alliance agreement with shared principles, not responsible for each other’s contracts.`;
    case 'new_legal_entity':
      return `${all} set up ${entity}, which bids and holds the contract; the parties are its members and deliver through it or as its subcontractors.`;
  }
}

function governanceOf(family: (typeof MODEL_INFO)[ConsortiumModel]['family'], prime: string, entity: string | undefined): string {
  switch (family) {
    case 'subcontracting':
      return `${prime} manages the contract and its subcontractors’ performance; a partnership board of one senior person from each party meets monthly during mobilisation and quarterly after.`;
    case 'informal_consortium':
      return 'A steering group of one senior person from each party coordinates the bid and decides by consensus; it has no binding way to settle a disagreement.';
    case 'contractual_joint_venture':
      return 'A joint board of one senior person from each party runs the joint venture: pricing, submitting the bid and admitting or removing a party need every party’s consent; other decisions a majority.';
    case 'alliance':
      return 'An alliance leadership team of the parties and the commissioner decides on a best-for-service basis, unanimously on the matters the alliance agreement reserves.';
    case 'new_legal_entity':
      return `${entity!.replace(/^a /, 'The ')} has a board with one director nominated by each member; its articles and a members’ agreement reserve the main decisions to the members.`;
  }
}

function definitiveOf(family: (typeof MODEL_INFO)[ConsortiumModel]['family'], entity: string | undefined): string {
  switch (family) {
    case 'subcontracting':
      return 'subcontracts';
    case 'informal_consortium':
      return 'a memorandum of understanding and their own contracts with the commissioner';
    case 'contractual_joint_venture':
      return 'a joint venture agreement';
    case 'alliance':
      return 'an alliance agreement and their own contracts with the commissioner';
    case 'new_legal_entity':
      return `the articles and a members’ agreement of ${entity}, incorporated before the contract is signed`;
  }
}

function dateText(iso: string): string {
  return new Date(iso).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/London' });
}

function yearsText(years: number): string {
  const rounded = Math.round(years * 2) / 2;
  return `${rounded} ${rounded === 1 ? 'year' : 'years'}`;
}

function ordinal(n: number): string {
  return ['first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh'][n - 1] ?? `${n}th`;
}
