import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { Router } from 'express';
import type { Slice } from '../http/app.ts';
import { callerOf, vetoRuleOf } from '../http/caller.ts';
import { errors, json } from '../http/openapi.ts';
import { parsed, validate } from '../http/validate.ts';
import type { CoreDeps } from '../shared/deps.ts';
import { findPartners } from './find-partners.ts';
import { MatchRequest, MatchResponse } from './schema.ts';

/** POST /v1/matches: ranked candidate partners for a seeker and a tender. */
export function matchingSlice(deps: CoreDeps): Slice {
  const routes = Router();
  routes.post('/v1/matches', validate('body', MatchRequest), async (req, res) => {
    // do-not-partner lists count only when the caller may read them (src/matching/vetoes.ts, docs/security.md)
    res.json(await findPartners(deps, parsed<MatchRequest>(res, 'body'), vetoRuleOf(callerOf(req))));
  });
  return { routes, openapi: registerMatchingOpenApi };
}

export function registerMatchingOpenApi(registry: OpenAPIRegistry): void {
  registry.registerPath({
    method: 'post',
    path: '/v1/matches',
    tags: ['matching'],
    summary: 'Rank candidate partners for a seeker and a tender, with reasons for and against',
    request: { body: { content: { 'application/json': { schema: MatchRequest } } } },
    responses: { 200: json(MatchResponse, 'Ranked candidates'), 400: errors[400], 404: errors[404], 503: errors[503] },
  });
}
