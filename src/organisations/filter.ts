/**
 * Finding organisations in the register by what they are (GET /v1/organisations and `consortia orgs`): name text,
 * kind, a service, an area, a size band, openness to partnering, with paging of at most 100.
 *
 *  - service: organisations listing the code, a code within it, or a broader code at class level or below that
 *    partly covers it (codesCovering, the CPV rule of matching), so "85310000" finds providers of 85311300;
 *  - area: organisations listing the area or one inside it (its authorities and their counties); with
 *    `wideClaims=true` also those listing an area containing it (a region, England), which are claims, not
 *    evidence of working there (docs/evidence.md).
 *
 * The story: validate the codes against the reference data → expand them → ask the store (filterOrganisations).
 * Throws ValidationError naming `service` or `area` for an unknown code.
 */
import { z } from 'zod';
import { selfAndContainers } from '../matching/areas.ts';
import { codesCovering } from '../matching/candidates.ts';
import type { Reference } from '../reference/types.ts';
import { CpvCode, GssCode } from '../shared/codes.ts';
import type { CoreDeps } from '../shared/deps.ts';
import { ValidationError, type FieldIssue } from '../shared/errors.ts';
import { searchWords } from '../shared/search-words.ts';
import type { Page } from '../store/types.ts';
import { OrganisationKind, type Organisation } from './schema.ts';
import { SizeBand } from './size-band.ts';

export const ORGANISATION_FILTER_DEFAULTS = Object.freeze({ limit: 20, maxLimit: 100, maxWords: 8 });

/** A list in a query string: repeated (`kind=a&kind=b`) or comma-separated (`kind=a,b`). */
const listOf = <T extends z.ZodType>(item: T) =>
  z.preprocess((v: unknown): unknown[] => {
    const values: unknown[] = Array.isArray(v) ? (v as unknown[]) : [v];
    return values
      .flatMap((x): unknown[] => (typeof x === 'string' ? x.split(',').map((part) => part.trim()) : [x]))
      .filter((x) => x !== '');
  }, z.array(item).min(1).max(10));
const flag = z.enum(['true', 'false']).transform((v) => v === 'true');

export const OrganisationQuery = z
  .object({
    q: z.string().trim().max(200).optional().describe('Words of the name, in any order (each begins a word of the name)'),
    kind: listOf(OrganisationKind).optional().describe('One or more kinds, comma-separated or repeated'),
    service: CpvCode.optional().describe(
      'A CPV code: organisations delivering it, something within it, or a broader code covering it partly',
    ),
    area: GssCode.optional().describe('An ONS GSS code: organisations working in it or in an area inside it'),
    wideClaims: flag
      .optional()
      .describe('With area: also organisations that list only an area containing it (a region, England): true or false'),
    sizeBand: listOf(SizeBand).optional().describe('micro, small, medium, large or unknown (src/organisations/size-band.ts)'),
    openToPartnering: flag.optional().describe('true or false'),
    offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
    limit: z.coerce
      .number()
      .int()
      .min(1)
      .max(ORGANISATION_FILTER_DEFAULTS.maxLimit)
      .default(ORGANISATION_FILTER_DEFAULTS.limit)
      .describe(`Page size, at most ${ORGANISATION_FILTER_DEFAULTS.maxLimit}`),
  })
  .strict()
  .meta({ id: 'OrganisationQuery' });
export type OrganisationQuery = z.output<typeof OrganisationQuery>;

/** True when the query asks for anything beyond paging (else the route lists by id, as before). */
export function isFiltered(q: OrganisationQuery): boolean {
  return (
    q.q !== undefined ||
    q.kind !== undefined ||
    q.service !== undefined ||
    q.area !== undefined ||
    q.sizeBand !== undefined ||
    q.openToPartnering !== undefined
  );
}

export async function filterOrganisations(deps: Pick<CoreDeps, 'store' | 'ref'>, q: OrganisationQuery): Promise<Page<Organisation>> {
  const { ref } = deps;
  const issues: FieldIssue[] = [];
  if (q.service !== undefined && !ref.cpv.has(q.service)) issues.push({ path: 'service', message: `unknown CPV code ${q.service}` });
  if (q.area !== undefined && !ref.geography.has(q.area))
    issues.push({ path: 'area', message: `unknown area code ${q.area} (expected an ONS GSS code)` });
  const words = q.q !== undefined ? searchWords(q.q, ORGANISATION_FILTER_DEFAULTS.maxWords) : [];
  if (q.q !== undefined && q.q !== '' && words.length === 0) issues.push({ path: 'q', message: 'enter letters or digits of a name' });
  if (q.wideClaims !== undefined && q.area === undefined) issues.push({ path: 'wideClaims', message: 'only applies with area' });
  if (issues.length > 0) throw new ValidationError(issues);
  return deps.store.filterOrganisations({
    words,
    kinds: q.kind,
    serviceCodes: q.service !== undefined ? serviceCodesFor(q.service, ref) : undefined,
    areaCodes: q.area !== undefined ? areaCodesFor(q.area, ref, q.wideClaims === true) : undefined,
    sizeBands: q.sizeBand,
    openToPartnering: q.openToPartnering,
    offset: q.offset,
    limit: q.limit,
  });
}

/** The code, every code within it, and the broader codes at class level or below that partly cover it. */
export function serviceCodesFor(code: string, ref: Reference): string[] {
  return [...new Set([...ref.cpv.descendants(code), ...codesCovering(code, ref)])].sort();
}

/** The area and every area inside it (authorities and their upper tiers); with `wide`, the areas containing it too. */
export function areaCodesFor(code: string, ref: Reference, wide: boolean): string[] {
  const { geography } = ref;
  const out = new Set<string>([code]);
  const inside = new Set(geography.lads(code));
  for (const lad of inside) {
    out.add(lad);
    // an upper tier or combined authority inside the area (a county within a region); not the county of a district asked for alone
    const area = geography.get(lad);
    for (const container of [area?.utla, area?.cauth])
      if (container && !out.has(container) && geography.lads(container).every((l) => inside.has(l))) out.add(container);
  }
  if (wide) for (const c of selfAndContainers(code, ref)) out.add(c);
  return [...out].sort();
}
