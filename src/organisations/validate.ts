import type { FieldIssue } from '../shared/errors.ts';
import type { Reference } from '../reference/types.ts';
import type { OrganisationInput } from './schema.ts';

/**
 * Checks what the zod schema cannot: that every CPV and GSS code exists in the reference data, that the base
 * area is a local authority, and that provenance speaks only of listed services and areas. Returns one issue per
 * problem, with its path (e.g. "services.2").
 */
export function referenceIssues(
  org: Pick<OrganisationInput, 'services' | 'areas' | 'baseArea' | 'provenance'>,
  ref: Reference,
  prefix = '',
): FieldIssue[] {
  const issues: FieldIssue[] = [];
  (org.services ?? []).forEach((code, i) => {
    if (!ref.cpv.has(code)) issues.push({ path: `${prefix}services.${i}`, message: `unknown CPV code ${code}` });
  });
  (org.areas ?? []).forEach((code, i) => {
    if (!ref.geography.has(code))
      issues.push({ path: `${prefix}areas.${i}`, message: `unknown area code ${code} (expected an ONS GSS code)` });
  });
  if (org.baseArea !== undefined) {
    const level = ref.geography.get(org.baseArea)?.level;
    if (level === undefined)
      issues.push({ path: `${prefix}baseArea`, message: `unknown area code ${org.baseArea} (expected an ONS GSS code)` });
    else if (level !== 'lad' && level !== 'utla')
      issues.push({ path: `${prefix}baseArea`, message: `${org.baseArea} is a ${level}: the base area is a local authority` });
  }
  const services = new Set(org.services ?? []);
  for (const code of Object.keys(org.provenance?.services ?? {}))
    if (!services.has(code)) issues.push({ path: `${prefix}provenance.services.${code}`, message: `${code} is not in services` });
  const areas = new Set([...(org.areas ?? []), ...(org.baseArea ? [org.baseArea] : [])]);
  for (const code of Object.keys(org.provenance?.areas ?? {}))
    if (!areas.has(code)) issues.push({ path: `${prefix}provenance.areas.${code}`, message: `${code} is not in areas` });
  return issues;
}
