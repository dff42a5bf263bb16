import type { FieldIssue } from '../shared/errors.ts';
import type { Reference } from '../reference/types.ts';
import type { OrganisationInput } from './schema.ts';

/**
 * Checks what the zod schema cannot: that every CPV and GSS code exists in the reference data. Returns one
 * issue per unknown code, with its path (e.g. "services.2").
 */
export function referenceIssues(org: Pick<OrganisationInput, 'services' | 'areas'>, ref: Reference, prefix = ''): FieldIssue[] {
  const issues: FieldIssue[] = [];
  (org.services ?? []).forEach((code, i) => {
    if (!ref.cpv.has(code)) issues.push({ path: `${prefix}services.${i}`, message: `unknown CPV code ${code}` });
  });
  (org.areas ?? []).forEach((code, i) => {
    if (!ref.geography.has(code))
      issues.push({ path: `${prefix}areas.${i}`, message: `unknown area code ${code} (expected an ONS GSS code)` });
  });
  return issues;
}
