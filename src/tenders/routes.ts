import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { Router } from 'express';
import { z } from 'zod';
import type { Slice } from '../http/app.ts';
import { audit } from '../accounts/audit.ts';
import { callerOf, guard, requireTenderWriter } from '../http/caller.ts';
import { errors, json, pageOf, Paging } from '../http/openapi.ts';
import { parsed, parseOrThrow, validate } from '../http/validate.ts';
import type { CoreDeps } from '../shared/deps.ts';
import { Tender, TenderInput } from './schema.ts';
import { getTender, isOcdsBody, saveOcdsRelease, saveTender } from './service.ts';

const IdParams = z.object({ id: z.string().trim().min(1).max(200) });

/** For the OpenAPI document only: the body is read by src/tenders/ocds, which validates it release by release. */
const OcdsBody = z
  .looseObject({
    ocid: z.string().optional(),
    tender: z.looseObject({}).optional(),
    releases: z.array(z.looseObject({})).optional(),
  })
  .describe(
    'An OCDS 1.1 release (an object with ocid and tender) or a release package ({releases: […]}) of one ocid, as Contracts Finder, ' +
      'Find a Tender, Public Contracts Scotland and Sell2Wales publish them. The newest release that maps wins; the tender id is the ocid. ' +
      'A release that cannot be imported (no CPV code, no title, cancelled, …) gets 400 naming the reason. See docs/import.md.',
  )
  .meta({ id: 'OcdsRelease' });

/** The tenders feature: store (native or OCDS), read, replace and list tenders. */
export function tendersSlice(deps: CoreDeps): Slice {
  const router = Router();
  const written = (req: Parameters<typeof callerOf>[0], id: string, created: boolean) =>
    audit({ records: deps.store.records, now: deps.now }, callerOf(req), {
      action: 'tender.written',
      target: { type: 'tender', id },
      summary: `tender ${id} ${created ? 'created' : 'replaced'}`,
    });
  router.post('/v1/tenders', guard(requireTenderWriter), async (req, res) => {
    const body: unknown = req.body ?? {};
    const { tender, created } = isOcdsBody(body)
      ? await saveOcdsRelease(deps, body)
      : await saveTender(deps, parseOrThrow(TenderInput, body));
    await written(req, tender.id, created);
    res
      .status(created ? 201 : 200)
      .location(`/v1/tenders/${encodeURIComponent(tender.id)}`)
      .json(tender);
  });
  router.get('/v1/tenders', validate('query', Paging), async (_req, res) => {
    const { offset, limit } = parsed<Paging>(res, 'query');
    const page = await deps.store.listTenders(offset, limit);
    res.json({ total: page.total, offset, limit, items: page.items });
  });
  router.get('/v1/tenders/:id', validate('params', IdParams), async (_req, res) => {
    res.json(await getTender(deps, parsed<{ id: string }>(res, 'params').id));
  });
  router.put(
    '/v1/tenders/:id',
    guard(requireTenderWriter),
    validate('params', IdParams),
    validate('body', TenderInput),
    async (req, res) => {
      const { tender, created } = await saveTender(deps, parsed(res, 'body'), parsed<{ id: string }>(res, 'params').id);
      await written(req, tender.id, created);
      res.status(created ? 201 : 200).json(tender);
    },
  );
  return { routes: router, openapi: registerTenderOpenApi };
}

export function registerTenderOpenApi(registry: OpenAPIRegistry): void {
  const tags = ['tenders'];
  const body = { content: { 'application/json': { schema: TenderInput } } };
  registry.registerPath({
    method: 'post',
    path: '/v1/tenders',
    tags,
    summary: 'Store a tender (created, or replaced when its id or ocid exists), given in the native shape or as an OCDS release',
    request: { body: { content: { 'application/json': { schema: z.union([TenderInput, OcdsBody]) } } } },
    responses: { 201: json(Tender, 'Created'), 200: json(Tender, 'Replaced'), 400: errors[400], 503: errors[503] },
  });
  registry.registerPath({
    method: 'get',
    path: '/v1/tenders',
    tags,
    summary: 'List tenders',
    request: { query: Paging },
    responses: {
      200: json(pageOf(Tender), 'A page'),
      503: errors[503],
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/v1/tenders/{id}',
    tags,
    summary: 'Read a tender',
    request: { params: IdParams },
    responses: { 200: json(Tender, 'The tender'), 404: errors[404], 503: errors[503] },
  });
  registry.registerPath({
    method: 'put',
    path: '/v1/tenders/{id}',
    tags,
    summary: 'Create or replace a tender',
    request: { params: IdParams, body },
    responses: { 200: json(Tender, 'Replaced'), 201: json(Tender, 'Created'), 400: errors[400], 503: errors[503] },
  });
}
