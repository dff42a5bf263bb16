import type { CoreDeps } from '../shared/deps.ts';
import { ConflictError, NotFoundError, ValidationError } from '../shared/errors.ts';
import { generatedId } from '../shared/ids.ts';
import { keepPartnershipSources, keepSourcesOfUnchanged } from './fact-sources.ts';
import { Organisation, type OrganisationInput } from './schema.ts';
import { referenceIssues } from './validate.ts';

/** Validated input (zod already applied) → stored organisation. Throws ValidationError for unknown codes. */
function toOrganisation(deps: CoreDeps, input: OrganisationInput, id: string): Organisation {
  const issues = referenceIssues(input, deps.ref);
  if (input.partnerships?.some((p) => p.partnerId === id)) {
    issues.push({ path: 'partnerships', message: 'an organisation cannot record a partnership with itself' });
  }
  if (issues.length > 0) throw new ValidationError(issues);
  return Organisation.parse({ ...input, id });
}

/** Creates an organisation; ConflictError when the id is taken (use PUT to replace). */
export async function createOrganisation(deps: CoreDeps, input: OrganisationInput): Promise<Organisation> {
  const id = input.id ?? generatedId('CNS', input.name);
  const org = toOrganisation(deps, input, id);
  if (await deps.store.getOrganisation(id))
    throw new ConflictError(`organisation ${id} already exists; PUT /v1/organisations/${id} replaces it`);
  await deps.store.upsertOrganisations([org]);
  await deps.events.organisationsChanged([id]);
  return org;
}

/**
 * Creates or replaces the organisation at `id`. Private fields the caller did not send are kept: callers
 * cannot read them back, so leaving them out must not erase them. Facts sent unchanged keep their sources.
 */
export async function replaceOrganisation(
  deps: CoreDeps,
  id: string,
  input: OrganisationInput,
): Promise<{ organisation: Organisation; created: boolean }> {
  if (input.id !== undefined && input.id !== id)
    throw new ValidationError([{ path: 'id', message: `does not match the id in the URL (${id})` }]);
  const existing = await deps.store.getOrganisation(id);
  let org = toOrganisation(deps, { ...input, private: input.private ?? existing?.private }, id);
  if (existing) {
    // What the organisation leaves unchanged keeps its source; what it changes, it declares (src/organisations/fact-sources.ts).
    const { provenance: _given, ...rest } = org;
    const provenance = keepSourcesOfUnchanged(existing, org);
    org = { ...rest, ...(provenance ? { provenance } : {}), partnerships: keepPartnershipSources(existing, org) };
  }
  await deps.store.upsertOrganisations([org]);
  await deps.events.organisationsChanged([id]);
  return { organisation: org, created: existing === undefined };
}

export async function getOrganisation(deps: Pick<CoreDeps, 'store'>, id: string): Promise<Organisation> {
  const org = await deps.store.getOrganisation(id);
  if (!org) throw new NotFoundError('organisation', id);
  return org;
}
