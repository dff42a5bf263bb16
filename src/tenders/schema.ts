import { z } from 'zod';
import { Source } from '../organisations/provenance.ts';
import { CpvCode, GssCode } from '../shared/codes.ts';
import { LIMITS } from '../shared/limits.ts';

export const Lot = z
  .object({
    id: z.string().trim().min(1).max(100),
    title: z.string().trim().max(500).optional(),
    cpvCodes: z.array(CpvCode).min(1).max(LIMITS.list.lotServices),
    valueGbp: z.number().finite().min(0).max(1e12).optional(),
  })
  .strict()
  .meta({ id: 'Lot' });
export type Lot = z.infer<typeof Lot>;

export const TenderInput = z
  .object({
    id: z.string().trim().min(1).max(200).optional().describe('OCDS ocid where the tender has one (ocds-b5fd17-…); generated when absent'),
    title: z.string().trim().min(1).max(LIMITS.text.line),
    description: z.string().max(LIMITS.text.description).optional(),
    buyer: z
      .object({ id: z.string().max(200).optional(), name: z.string().trim().min(1).max(500) })
      .strict()
      .optional(),
    cpvCodes: z
      .array(CpvCode)
      .max(LIMITS.list.services)
      .default([])
      .describe('Services required by the whole tender (main and additional classifications)'),
    lots: z.array(Lot).max(LIMITS.list.lots).default([]),
    deliveryAreas: z.array(GssCode).max(LIMITS.list.areas).default([]),
    valueGbp: z.number().finite().min(0).max(1e12).optional().describe('Estimated total contract value in GBP'),
    minimumTurnoverGbp: z.number().finite().min(0).max(1e12).optional(),
    submissionDeadline: z.iso.datetime({ offset: true }).max(LIMITS.text.dateTime).optional(),
    contractStart: z.iso.datetime({ offset: true }).max(LIMITS.text.dateTime).optional(),
    contractEnd: z.iso.datetime({ offset: true }).max(LIMITS.text.dateTime).optional(),
    openToConsortia: z.boolean().default(true),
    reservedForMutuals: z
      .boolean()
      .default(false)
      .describe(
        'Reserved to public service mutuals: Procurement Act 2023 s.33 (England, Wales, Northern Ireland, from 24 February 2025), PCR 2015 reg. 77 before; Scotland has no such reservation',
      ),
    vcseSuitable: z.boolean().optional(),
    smeSuitable: z.boolean().optional(),
    socialValueWeight: z.number().min(0).max(1).default(0.1).describe('Share of the evaluation given to social value, 0–1'),
    source: Source.optional().describe(
      'Where the tender came from: a published notice (register find-a-tender, contracts-finder, …, with the ocid and the release date), or synthetic (a demo tender)',
    ),
  })
  // A misspelt field (cpv for cpvCodes) is refused with its name, never silently dropped.
  .strict()
  .superRefine((tender, ctx) => {
    if (tender.cpvCodes.length === 0 && tender.lots.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['cpvCodes'], message: 'a tender needs at least one CPV code, on the tender or on a lot' });
    }
  })
  .meta({ id: 'TenderInput' });
export type TenderInput = z.input<typeof TenderInput>;

export const Tender = TenderInput.safeExtend({ id: z.string().min(1).max(200) }).meta({ id: 'Tender' });
export type Tender = z.infer<typeof Tender>;

/** Every CPV code the tender requires: the tender's own and those of its lots, deduplicated. */
export function requiredCpvCodes(tender: Pick<Tender, 'cpvCodes' | 'lots'>): string[] {
  const codes = new Set(tender.cpvCodes);
  for (const lot of tender.lots) for (const code of lot.cpvCodes) codes.add(code);
  return [...codes];
}

/**
 * The turnover a bidder (or a consortium, combined) must show, in GBP a year: the stated minimum, else the
 * common rule that it is at most twice the contract value (PCR 2015 reg. 58(9)), taken per year when the
 * contract period is known (a £48m five-year contract → £19.2m); undefined when the tender states neither.
 */
export function turnoverThresholdGbp(
  tender: Pick<Tender, 'minimumTurnoverGbp' | 'valueGbp' | 'contractStart' | 'contractEnd'>,
): number | undefined {
  if (tender.minimumTurnoverGbp !== undefined) return tender.minimumTurnoverGbp;
  if (tender.valueGbp === undefined) return undefined;
  return Math.round((2 * tender.valueGbp) / contractYears(tender));
}

/**
 * Length of the contract in years, to the nearest month (1 April 2027 to 31 March 2031 is 4 years, as people say
 * it, not 3.997), at least 1; 1 when the period is unknown.
 */
export function contractYears(tender: Pick<Tender, 'contractStart' | 'contractEnd'>): number {
  if (!tender.contractStart || !tender.contractEnd) return 1;
  const months = Math.round((Date.parse(tender.contractEnd) - Date.parse(tender.contractStart)) / ((365.25 / 12) * 86_400_000));
  return Number.isFinite(months) && months > 12 ? months / 12 : 1;
}
