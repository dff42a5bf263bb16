/**
 * Where a fact about an organisation came from. Matching weighs evidence above declaration above inference
 * (docs/evidence.md), and every reason that rests on a fact can say where it came from ("works in Trafford —
 * Charity Commission area of operation, 2021"; "(demo data)" for synthetic facts).
 *
 * Kinds, strongest first:
 *  - register: a public register or dataset states it (which register, which record, which date) — the Charity
 *    Commission's area of operation, a CQC registered location, a contract award, a grant;
 *  - declared: the organisation says so itself (through the API, the web app or its own CSV) — the default for
 *    any fact without a source;
 *  - inferred: derived by a documented rule from other data (activity-text keywords → CPV, a UKCAT tag → CPV);
 *  - synthetic: made up for the demo. Never in real use; every answer that leans on one says so.
 */
import { z } from 'zod';
import { CpvCode, GssCode } from '../shared/codes.ts';
import { LIMITS } from '../shared/limits.ts';

export const SourceKind = z.enum(['register', 'declared', 'inferred', 'synthetic']).meta({
  id: 'SourceKind',
  description:
    'register: a public register or dataset states it; declared: the organisation says so; inferred: derived by a rule; synthetic: demo data',
});
export type SourceKind = z.infer<typeof SourceKind>;

export const Source = z
  .object({
    kind: SourceKind,
    register: z
      .string()
      .trim()
      .min(1)
      .max(100)
      .optional()
      .describe('The register or dataset, e.g. charity-commission, cqc, companies-house, ccni, 360giving, nhs-ods, contracts-finder'),
    record: z.string().trim().min(1).max(200).optional().describe('The record in it: charity number, CQC location id, notice or grant id'),
    date: z
      .string()
      .max(10)
      .regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, 'must be a date as YYYY, YYYY-MM or YYYY-MM-DD')
      .optional()
      .describe('When the register said so'),
    rule: z.string().trim().min(1).max(200).optional().describe('For inferred facts: the rule that inferred it'),
  })
  .strict()
  .meta({ id: 'Source', description: 'Where a fact came from' });
export type Source = z.infer<typeof Source>;

/** A fact with no recorded source was given by whoever wrote the record: the organisation itself. */
export const DECLARED: Source = Object.freeze({ kind: 'declared' });

/** The scalar facts matching uses, each with at most one source. */
export const SCALAR_FACTS = [
  'kind',
  'legalForm',
  'staff',
  'annualTurnoverGbp',
  'foundedYear',
  'baseArea',
  'values',
  'waysOfWorking',
  'spareCapacity',
  'largestContractShare',
  'openToPartnering',
] as const;
export type ScalarFact = (typeof SCALAR_FACTS)[number];

/**
 * Sources of an organisation's facts. `services` and `areas` are keyed by code (a code listed in the record but
 * missing here is declared); partnerships carry their own `source`.
 */
export const Provenance = z
  .object({
    ...(Object.fromEntries(SCALAR_FACTS.map((f) => [f, Source.optional()])) as Record<ScalarFact, z.ZodOptional<typeof Source>>),
    services: z
      .record(CpvCode, Source)
      .optional()
      .refine((r) => r === undefined || Object.keys(r).length <= LIMITS.list.services, `at most ${LIMITS.list.services} service sources`),
    areas: z
      .record(GssCode, Source)
      .optional()
      .refine((r) => r === undefined || Object.keys(r).length <= LIMITS.list.areas, `at most ${LIMITS.list.areas} area sources`),
  })
  .strict()
  .meta({ id: 'Provenance', description: 'Where each fact came from; a fact without an entry was declared by the organisation' });
export type Provenance = z.infer<typeof Provenance>;

/** How strong a kind of source is: lower is stronger (docs/evidence.md: evidence over declaration over inference). */
export const SOURCE_STRENGTH: Readonly<Record<SourceKind, number>> = { register: 0, declared: 1, inferred: 2, synthetic: 3 };

/**
 * Which of two sources of one fact to believe: the stronger kind; between equals, the one with the later date
 * (a date-less source counts as older); between those, `a`. Returns true when `a` wins.
 */
export function prefers(a: Source, b: Source): boolean {
  const byKind = SOURCE_STRENGTH[a.kind] - SOURCE_STRENGTH[b.kind];
  if (byKind !== 0) return byKind < 0;
  return (a.date ?? '') >= (b.date ?? '');
}

/** The source of one fact: the recorded one, else declared. */
export function sourceOf(provenance: Provenance | undefined, fact: ScalarFact): Source {
  return provenance?.[fact] ?? DECLARED;
}

export function serviceSource(provenance: Provenance | undefined, code: string): Source {
  return provenance?.services?.[code] ?? DECLARED;
}

export function areaSource(provenance: Provenance | undefined, code: string): Source {
  return provenance?.areas?.[code] ?? DECLARED;
}

const REGISTER_NAMES: Record<string, string> = {
  'charity-commission': 'Charity Commission',
  cqc: 'CQC',
  'companies-house': 'Companies House',
  ccni: 'Charity Commission for Northern Ireland',
  oscr: 'OSCR',
  'fca-mutuals': 'FCA mutuals register',
  '360giving': '360Giving grant',
  'nhs-ods': 'NHS ODS',
  'contracts-finder': 'Contracts Finder',
  'find-a-tender': 'Find a Tender',
  'public-contracts-scotland': 'Public Contracts Scotland',
  sell2wales: 'Sell2Wales',
  findthatcharity: 'Find that Charity',
  ukcat: 'UK Charity Activity Tags',
};

/**
 * A short citation for a reason: "Charity Commission, 2021", "declared by the organisation", "inferred: UKCAT tag
 * HE (health)", "demo data". `what` names the register's field when it helps ("area of operation").
 */
export function citeSource(source: Source, what?: string): string {
  switch (source.kind) {
    case 'register': {
      const name = source.register ? (REGISTER_NAMES[source.register] ?? source.register) : 'public register';
      return [what ? `${name} ${what}` : name, source.date?.slice(0, 4)].filter(Boolean).join(', ');
    }
    case 'declared':
      return 'declared by the organisation';
    case 'inferred':
      return source.rule ? `inferred: ${source.rule}` : 'inferred';
    case 'synthetic':
      return 'demo data';
  }
}
