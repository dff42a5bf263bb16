/**
 * Introductions by consent over the API (service.ts):
 *   POST   /v1/introductions                          ask to meet a candidate (a member of fromId)
 *   GET    /v1/organisations/:id/introductions        those it asked for and those asked of it (its members)
 *   POST   /v1/introductions/:id/accept               the candidate agrees, with its contact: both see both
 *   POST   /v1/introductions/:id/decline              the candidate says no
 *   POST   /v1/introductions/:id/withdraw             the requester takes it back
 *   POST   /v1/organisations/:id/blocks               stop seeing requests from an organisation
 *   DELETE /v1/organisations/:id/blocks/:other        and again
 */
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { Router, type Request } from 'express';
import { z } from 'zod';
import type { Slice } from '../http/app.ts';
import { callerOf, canActFor, guard, requireActFor, requireReadPrivate, requireScope, vetoRuleOf } from '../http/caller.ts';
import { errors, json } from '../http/openapi.ts';
import { parsed, validate } from '../http/validate.ts';
import { OrgId } from '../shared/codes.ts';
import type { CoreDeps } from '../shared/deps.ts';
import { ForbiddenError } from '../shared/errors.ts';
import { Answer, BlockRequest, IntroductionRequest, IntroductionView, viewOf } from './schema.ts';
import { answerIntroduction, block, blocksOf, getIntroduction, introductionsOf, requestIntroduction, unblock } from './service.ts';

const IdParams = z.object({ id: z.string().trim().min(1).max(100) });
const OrgParams = z.object({ id: OrgId });
const BlockParams = z.object({ id: OrgId, other: OrgId });

/** The side of an introduction the caller acts for: `candidate` or `requester` (ForbiddenError when neither). */
async function sideOf(deps: CoreDeps, req: Request, id: string, as: 'candidate' | 'requester'): Promise<string> {
  const caller = callerOf(req);
  requireScope(caller, 'write');
  const introduction = await getIntroduction(deps, id);
  const side = as === 'candidate' ? introduction.toId : introduction.fromId;
  if (!canActFor(caller, side)) throw new ForbiddenError(`only a member of ${side} may answer this introduction`);
  return side;
}

export function introductionsSlice(deps: CoreDeps): Slice {
  const router = Router();

  router.post(
    '/v1/introductions',
    guard((c) => requireScope(c, 'write')),
    validate('body', IntroductionRequest),
    async (req, res) => {
      const request = parsed<IntroductionRequest>(res, 'body');
      const caller = callerOf(req);
      requireActFor(caller, request.fromId);
      res.status(201).json(viewOf(await requestIntroduction(deps, caller, request, vetoRuleOf(caller))));
    },
  );

  router.get('/v1/organisations/:id/introductions', validate('params', OrgParams), async (req, res) => {
    const { id } = parsed<{ id: string }>(res, 'params');
    requireReadPrivate(callerOf(req), id);
    const { sent, received } = await introductionsOf(deps, id);
    res.json({ sent: sent.map(viewOf), received: received.map(viewOf), blocked: await blocksOf(deps, id) });
  });

  router.post('/v1/introductions/:id/accept', validate('params', IdParams), validate('body', Answer), async (req, res) => {
    const { id } = parsed<{ id: string }>(res, 'params');
    const side = await sideOf(deps, req, id, 'candidate');
    const { contact } = parsed<z.infer<typeof Answer>>(res, 'body');
    res.json(viewOf(await answerIntroduction(deps, callerOf(req), id, side, { kind: 'accept', contact })));
  });
  router.post('/v1/introductions/:id/decline', validate('params', IdParams), async (req, res) => {
    const { id } = parsed<{ id: string }>(res, 'params');
    const side = await sideOf(deps, req, id, 'candidate');
    res.json(viewOf(await answerIntroduction(deps, callerOf(req), id, side, { kind: 'decline' })));
  });
  router.post('/v1/introductions/:id/withdraw', validate('params', IdParams), async (req, res) => {
    const { id } = parsed<{ id: string }>(res, 'params');
    const side = await sideOf(deps, req, id, 'requester');
    res.json(viewOf(await answerIntroduction(deps, callerOf(req), id, side, { kind: 'withdraw' })));
  });

  router.post('/v1/organisations/:id/blocks', validate('params', OrgParams), validate('body', BlockRequest), async (req, res) => {
    const { id } = parsed<{ id: string }>(res, 'params');
    requireActFor(callerOf(req), id);
    await block(deps, callerOf(req), id, parsed<{ organisationId: string }>(res, 'body').organisationId);
    res.status(204).end();
  });
  router.delete('/v1/organisations/:id/blocks/:other', validate('params', BlockParams), async (req, res) => {
    const { id, other } = parsed<{ id: string; other: string }>(res, 'params');
    requireActFor(callerOf(req), id);
    await unblock(deps, callerOf(req), id, other);
    res.status(204).end();
  });

  return { routes: router, openapi: registerIntroductionsOpenApi };
}

export function registerIntroductionsOpenApi(registry: OpenAPIRegistry): void {
  const tags = ['introductions'];
  const auth = { 401: errors[401], 403: errors[403] };
  registry.registerPath({
    method: 'post',
    path: '/v1/introductions',
    tags,
    summary:
      'Ask to meet a candidate about a tender (a member of fromId). The candidate sees who and why (the match’s reasons), not your contact until it agrees',
    request: { body: { content: { 'application/json': { schema: IntroductionRequest } } } },
    responses: { 201: json(IntroductionView, 'Asked'), 400: errors[400], ...auth, 404: errors[404], 409: errors[400] },
  });
  registry.registerPath({
    method: 'get',
    path: '/v1/organisations/{id}/introductions',
    tags,
    summary: 'Introductions an organisation asked for and those asked of it, and whom it blocked (its members)',
    request: { params: OrgParams },
    responses: {
      200: json(
        z.object({ sent: z.array(IntroductionView), received: z.array(IntroductionView), blocked: z.array(z.string()) }),
        'Introductions',
      ),
      ...auth,
    },
  });
  for (const [action, summary] of [
    ['accept', 'Agree to meet (the candidate’s member), with your contact: both sides then see both contacts'],
    ['decline', 'Decline (the candidate’s member)'],
    ['withdraw', 'Withdraw a request (the requester’s member)'],
  ] as const) {
    registry.registerPath({
      method: 'post',
      path: `/v1/introductions/{id}/${action}`,
      tags,
      summary,
      request: { params: IdParams, ...(action === 'accept' ? { body: { content: { 'application/json': { schema: Answer } } } } : {}) },
      responses: { 200: json(IntroductionView, 'Answered'), ...auth, 404: errors[404], 409: errors[400] },
    });
  }
  registry.registerPath({
    method: 'post',
    path: '/v1/organisations/{id}/blocks',
    tags,
    summary: 'Stop seeing introductions from an organisation (it is not told)',
    request: { params: OrgParams, body: { content: { 'application/json': { schema: BlockRequest } } } },
    responses: { 204: { description: 'Blocked' }, 400: errors[400], ...auth, 404: errors[404] },
  });
  registry.registerPath({
    method: 'delete',
    path: '/v1/organisations/{id}/blocks/{other}',
    tags,
    summary: 'Unblock an organisation',
    request: { params: BlockParams },
    responses: { 204: { description: 'Unblocked' }, ...auth },
  });
}
