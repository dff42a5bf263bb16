import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { Router, type Response } from 'express';
import { z } from 'zod';
import type { Slice } from '../http/app.ts';
import { errors, json } from '../http/openapi.ts';
import { parsed, validate } from '../http/validate.ts';
import type { CoreDeps } from '../shared/deps.ts';
import { EngagementList, MarketRequest, MarketView, type ParsedMarketRequest } from './schema.ts';
import { engagementCsv, engagementList, viewMarket } from './view-market.ts';

const Format = z.object({ format: z.enum(['csv', 'json']).default('json').describe('csv or json (default)') }).strict();
const TenderParams = z.object({ tenderId: z.string().trim().min(1).max(200) });

/**
 * The commissioners' market engagement: POST /v1/market-views (the market of a draft tender, no seeker), and the
 * engagement list as CSV or JSON — POST /v1/engagement-lists for any tender, GET /v1/tenders/{id}/engagement-list for a
 * stored one (a link the web app's results page offers).
 */
export function marketSlice(deps: CoreDeps): Slice {
  const routes = Router();
  routes.post('/v1/market-views', validate('body', MarketRequest), async (_req, res) => {
    res.json((await viewMarket(deps, parsed<ParsedMarketRequest>(res, 'body'))).view);
  });
  routes.post('/v1/engagement-lists', validate('query', Format), validate('body', MarketRequest), async (_req, res) => {
    await sendList(res, deps, parsed<ParsedMarketRequest>(res, 'body'), parsed<{ format: 'csv' | 'json' }>(res, 'query').format);
  });
  routes.get('/v1/tenders/:tenderId/engagement-list', validate('params', TenderParams), validate('query', Format), async (_req, res) => {
    const { tenderId } = parsed<{ tenderId: string }>(res, 'params');
    await sendList(res, deps, MarketRequest.parse({ tenderId }), parsed<{ format: 'csv' | 'json' }>(res, 'query').format);
  });
  return { routes, openapi: registerMarketOpenApi };
}

/** Sends the engagement list in the format asked for; CSV as a download named after the tender. */
export async function sendList(res: Response, deps: CoreDeps, request: ParsedMarketRequest, format: 'csv' | 'json'): Promise<void> {
  const list = await engagementList(deps, request);
  const file = `engagement-list-${list.tender.id.replace(/[^A-Za-z0-9._-]+/g, '-')}`;
  if (format === 'csv') {
    res.type('text/csv; charset=utf-8').attachment(`${file}.csv`).send(engagementCsv(list));
    return;
  }
  res.json(list);
}

export function registerMarketOpenApi(registry: OpenAPIRegistry): void {
  const tags = ['market engagement'];
  registry.registerPath({
    method: 'post',
    path: '/v1/market-views',
    tags,
    summary:
      'The market for a draft tender, without a seeker: who could deliver each service in each local authority, gaps, concentration, consortia, lotting advice and the rules in force',
    description:
      'Give the tender inline, by id (stored or imported) or as an OCDS release (a UK1/UK2 planning or UK4 tender notice). Regions and counties are expanded to their local authorities. ' +
      'A provider covers a cell when it delivers the service and is based or works at authority level there; wider claims are listed apart. Only public data is used. Bad input → 400 naming the field; unknown tender id → 404.',
    request: { body: { content: { 'application/json': { schema: MarketRequest } } } },
    responses: { 200: json(MarketView, 'The market view'), 400: errors[400], 404: errors[404], 503: errors[503] },
  });
  const listResponses = {
    200: {
      description: 'The organisations to invite to preliminary market engagement, with their evidence',
      content: { 'application/json': { schema: EngagementList }, 'text/csv': { schema: z.string() } },
    },
    400: errors[400],
    404: errors[404],
    503: errors[503],
  };
  registry.registerPath({
    method: 'post',
    path: '/v1/engagement-lists',
    tags,
    summary: 'The engagement list of a tender’s market as CSV or JSON (id, name, kind, size band, services and areas matched, evidence)',
    request: { query: Format, body: { content: { 'application/json': { schema: MarketRequest } } } },
    responses: listResponses,
  });
  registry.registerPath({
    method: 'get',
    path: '/v1/tenders/{tenderId}/engagement-list',
    tags,
    summary: 'The engagement list of a stored tender’s market as CSV or JSON',
    request: { params: TenderParams, query: Format },
    responses: listResponses,
  });
}
