import type { FieldIssue } from '../shared/errors.ts';
import type { Reference } from '../reference/types.ts';
import type { TenderInput } from './schema.ts';

/** Unknown CPV and area codes in a tender, with their paths (e.g. "lots.1.cpvCodes.0"). */
export function tenderReferenceIssues(
  tender: Pick<TenderInput, 'cpvCodes' | 'lots' | 'deliveryAreas'>,
  ref: Reference,
  prefix = '',
): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const cpv = (code: string, path: string) => {
    if (!ref.cpv.has(code)) issues.push({ path, message: `unknown CPV code ${code}` });
  };
  (tender.cpvCodes ?? []).forEach((code, i) => cpv(code, `${prefix}cpvCodes.${i}`));
  (tender.lots ?? []).forEach((lot, l) => lot.cpvCodes.forEach((code, i) => cpv(code, `${prefix}lots.${l}.cpvCodes.${i}`)));
  (tender.deliveryAreas ?? []).forEach((code, i) => {
    if (!ref.geography.has(code))
      issues.push({ path: `${prefix}deliveryAreas.${i}`, message: `unknown area code ${code} (expected an ONS GSS code)` });
  });
  return issues;
}
