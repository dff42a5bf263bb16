import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { Router } from 'express';
import type { Slice } from '../http/app.ts';
import { callerOf, vetoRuleOf } from '../http/caller.ts';
import { errors, json } from '../http/openapi.ts';
import { parsed, validate } from '../http/validate.ts';
import type { CoreDeps } from '../shared/deps.ts';
import { buildConsortia } from './build-consortia.ts';
import { ConsortiumRequest, ConsortiumResponse } from './schema.ts';

/** POST /v1/consortia: whole consortia for a lead and a tender, with partnership-model advice. */
export function consortiaSlice(deps: CoreDeps): Slice {
  const routes = Router();
  routes.post('/v1/consortia', validate('body', ConsortiumRequest), async (req, res) => {
    res.json(await buildConsortia(deps, parsed<ConsortiumRequest>(res, 'body'), { vetoes: vetoRuleOf(callerOf(req)) }));
  });
  return { routes, openapi: registerConsortiaOpenApi };
}

export function registerConsortiaOpenApi(registry: OpenAPIRegistry): void {
  registry.registerPath({
    method: 'post',
    path: '/v1/consortia',
    tags: ['consortia'],
    summary:
      'Propose whole consortia (lead plus partners) that could bid for a tender, with roles, coverage, weakest link and partnership-model advice',
    description:
      'Each consortium covers every required CPV code of the lots bid for and the delivery areas, and meets the turnover threshold by combined turnover. ' +
      'When none exists, `missing` says exactly what is missing. Unknown codes or lots → 400 naming the field; unknown lead or tender → 404.',
    request: { body: { content: { 'application/json': { schema: ConsortiumRequest } } } },
    responses: {
      200: json(ConsortiumResponse, 'Consortia, best first, or what is missing'),
      400: errors[400],
      404: errors[404],
      503: errors[503],
    },
  });
}
