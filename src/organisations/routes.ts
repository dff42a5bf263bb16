import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { Router } from 'express';
import { z } from 'zod';
import type { Slice } from '../http/app.ts';
import { addMembership } from '../accounts/accounts.ts';
import { audit } from '../accounts/audit.ts';
import { callerOf, canSeePrivate, guard, requireActFor, requireScope, type Caller } from '../http/caller.ts';
import { changedFields } from './changes.ts';
import { errors, json, pageOf } from '../http/openapi.ts';
import { filterOrganisations, isFiltered, OrganisationQuery } from './filter.ts';
import { parsed, validate } from '../http/validate.ts';
import type { CoreDeps } from '../shared/deps.ts';
import { OrgId } from '../shared/codes.ts';
import { withEverySource } from './fact-sources.ts';
import { DECLARED } from './provenance.ts';
import { Organisation, OrganisationInput, PublicOrganisation } from './schema.ts';
import { createOrganisation, getOrganisation, replaceOrganisation } from './service.ts';

const IdParams = z.object({ id: OrgId });

/**
 * What a caller may see of an organisation: private fields only when allowed; a source for every fact, service,
 * area and partnership (declared where none was recorded).
 */
export function present(org: Organisation, caller: Caller): Organisation | PublicOrganisation {
  const shown: Organisation = {
    ...org,
    provenance: withEverySource(org),
    partnerships: org.partnerships.map((p) => ({ ...p, source: p.source ?? DECLARED })),
  };
  if (canSeePrivate(caller, org.id)) return shown;
  const { private: _hidden, ...visible } = shown;
  return visible;
}

/** The organisations feature: create, read, replace and list organisations. */
export function organisationsSlice(deps: CoreDeps): Slice {
  const router = Router();
  const accountDeps = { records: deps.store.records, now: deps.now };
  router.post(
    '/v1/organisations',
    guard((c) => requireScope(c, 'write')),
    validate('body', OrganisationInput),
    async (req, res) => {
      const org = await createOrganisation(deps, parsed(res, 'body'));
      const caller = await becomeMember(req, org.id);
      await audit(accountDeps, caller, {
        action: 'organisation.created',
        organisationId: org.id,
        target: { type: 'organisation', id: org.id },
        summary: `created ${org.name}`,
      });
      res
        .status(201)
        .location(`/v1/organisations/${encodeURIComponent(org.id)}`)
        .json(present(org, caller));
    },
  );
  router.get('/v1/organisations', validate('query', OrganisationQuery), async (req, res) => {
    const query = parsed<OrganisationQuery>(res, 'query');
    const { offset, limit } = query;
    const page = isFiltered(query) ? await filterOrganisations(deps, query) : await deps.store.listOrganisations(offset, limit);
    const caller = callerOf(req);
    res.json({ total: page.total, offset, limit, items: page.items.map((o) => present(o, caller)) });
  });
  router.get('/v1/organisations/:id', validate('params', IdParams), async (req, res) => {
    const org = await getOrganisation(deps, parsed<{ id: string }>(res, 'params').id);
    res.json(present(org, callerOf(req)));
  });
  router.put(
    '/v1/organisations/:id',
    guard((c) => requireScope(c, 'write')),
    validate('params', IdParams),
    validate('body', OrganisationInput),
    async (req, res) => {
      const { id } = parsed<{ id: string }>(res, 'params');
      const before = await deps.store.getOrganisation(id);
      // Replacing needs a member or an administrator; creating (a new id) makes the caller its member.
      if (before) requireActFor(callerOf(req), id);
      const { organisation, created } = await replaceOrganisation(deps, id, parsed(res, 'body'));
      const caller = created ? await becomeMember(req, id) : callerOf(req);
      const fields = changedFields(before, organisation);
      await audit(accountDeps, caller, {
        action: created ? 'organisation.created' : 'organisation.updated',
        organisationId: id,
        target: { type: 'organisation', id },
        summary: created ? `created ${organisation.name}` : fields.length ? `changed ${fields.join(', ')}` : 'saved unchanged',
      });
      res.status(created ? 201 : 200).json(present(organisation, caller));
    },
  );

  /** The creator of a new organisation becomes its member; returns the caller as it is now. */
  async function becomeMember(req: Parameters<typeof callerOf>[0], organisationId: string): Promise<Caller> {
    const caller = callerOf(req);
    if (!caller.accountId || caller.organisationIds.includes(organisationId)) return caller;
    const account = await addMembership(accountDeps, caller.accountId, organisationId);
    await audit(accountDeps, caller, {
      action: 'membership.added',
      organisationId,
      target: { type: 'account', id: caller.accountId },
      summary: `${caller.accountId} is a member of ${organisationId} (created it)`,
    });
    return { ...caller, organisationIds: account.organisationIds };
  }
  return { routes: router, openapi: registerOrganisationOpenApi };
}

export function registerOrganisationOpenApi(registry: OpenAPIRegistry): void {
  const tags = ['organisations'];
  registry.registerPath({
    method: 'post',
    path: '/v1/organisations',
    tags,
    summary: 'Create an organisation',
    request: { body: { content: { 'application/json': { schema: OrganisationInput } } } },
    responses: {
      201: json(PublicOrganisation, 'Created'),
      400: errors[400],
      409: json(errors[400].content['application/json'].schema, 'Id already taken'),
      503: errors[503],
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/v1/organisations',
    tags,
    summary: 'List organisations (by id), or find them by name, kind, service, area, size band and openness to partnering (by name)',
    description:
      'Without filters: every organisation, by id. With any of q, kind, service, area, sizeBand, openToPartnering: those meeting every one, ordered by name. ' +
      'service follows the CPV hierarchy (the code, codes within it, broader codes covering it partly); area finds organisations working in it or inside it ' +
      '(wideClaims=true adds those claiming only a containing region or nation). limit is at most 100. Unknown codes → 400 naming the field.',
    request: { query: OrganisationQuery },
    responses: {
      200: json(pageOf(PublicOrganisation), 'A page'),
      400: errors[400],
      503: errors[503],
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/v1/organisations/{id}',
    tags,
    summary:
      'Read an organisation (private fields only for callers allowed to see them). `provenance` names the source of every fact, service ' +
      'and area (a register with its record and date; declared by the organisation; inferred, with the rule; synthetic demo data), and ' +
      'each partnership has its `source`; a fact with no recorded source reads as declared.',
    request: { params: IdParams },
    responses: { 200: json(PublicOrganisation, 'The organisation'), 404: errors[404], 503: errors[503] },
  });
  registry.registerPath({
    method: 'put',
    path: '/v1/organisations/{id}',
    tags,
    summary: 'Create or replace an organisation; private fields not sent are kept, and facts sent unchanged keep their sources',
    request: { params: IdParams, body: { content: { 'application/json': { schema: OrganisationInput } } } },
    responses: { 200: json(PublicOrganisation, 'Replaced'), 201: json(PublicOrganisation, 'Created'), 400: errors[400], 503: errors[503] },
  });
}
