import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { Router } from 'express';
import type { Slice } from '../http/app.ts';
import { callerOf, vetoRuleOf } from '../http/caller.ts';
import { errors, json } from '../http/openapi.ts';
import { concurrencyBudget } from '../http/middleware/budget.ts';
import { parsed, validate } from '../http/validate.ts';
import { LIMITS } from '../shared/limits.ts';
import type { CoreDeps } from '../shared/deps.ts';
import { buildConsortia } from './build-consortia.ts';
import { draftHeadsOfTermsFor } from './draft-heads-of-terms.ts';
import { DOCX_TYPE, headsOfTermsDocx } from './heads-of-terms-docx.ts';
import { headsOfTermsPdf, PDF_TYPE } from './heads-of-terms-pdf.ts';
import { HeadsOfTermsFormat, HeadsOfTermsRequest, HeadsOfTermsResponse } from './heads-of-terms-schema.ts';
import { ConsortiumRequest, ConsortiumResponse } from './schema.ts';

/** POST /v1/consortia: whole consortia for a lead and a tender, with partnership-model advice. */
export function consortiaSlice(deps: CoreDeps): Slice {
  const routes = Router();
  // Searches are CPU-bound: a few at a time, a short queue, then 503 with Retry-After (LIMITS.budgets.consortia).
  const budget = concurrencyBudget({ name: 'consortium search', ...LIMITS.budgets.consortia });
  routes.post('/v1/consortia', budget, validate('body', ConsortiumRequest), async (req, res) => {
    res.json(await buildConsortia(deps, parsed<ConsortiumRequest>(res, 'body'), { vetoes: vetoRuleOf(callerOf(req)) }));
  });
  routes.post(
    '/v1/consortia/heads-of-terms',
    validate('query', HeadsOfTermsFormat),
    validate('body', HeadsOfTermsRequest),
    async (_req, res) => {
      const result = await draftHeadsOfTermsFor(deps, parsed<HeadsOfTermsRequest>(res, 'body'));
      const { format } = parsed<{ format: 'json' | 'docx' | 'pdf' }>(res, 'query');
      if (format === 'json') return void res.json(result);
      const name = `heads-of-terms-${slug(result.headsOfTerms.tender.title)}.${format}`;
      if (format === 'pdf')
        return void res
          .type(PDF_TYPE)
          .attachment(name)
          .send(await headsOfTermsPdf(result.headsOfTerms));
      res
        .type(DOCX_TYPE)
        .attachment(name)
        .send(await headsOfTermsDocx(result.headsOfTerms));
    },
  );
  return { routes, openapi: registerConsortiaOpenApi };
}

/** A file-name-safe short form of a title. */
function slug(title: string): string {
  return (
    title
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'tender'
  );
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
      503: { ...errors[503], description: `${errors[503].description}; or too many searches at once (Retry-After)` },
    },
  });
  registry.registerPath({
    method: 'post',
    path: '/v1/consortia/heads-of-terms',
    tags: ['consortia'],
    summary: 'Draft heads of terms for a consortium the partners have chosen, as JSON, a Word document or a PDF',
    description:
      'The chosen team (lead and partners) is described like a proposed consortium, then heads of terms are drafted for the model ' +
      'the partners chose (or the best fit in the advice): parties, purpose, structure, who delivers what where, shares of the value, ' +
      'liability and insurance, governance, data, IP, exclusivity, costs, outcome, exit — with the questions the partners must settle. ' +
      'A starting point, not legal advice. `?format=docx` answers a .docx file to edit, `?format=pdf` a tagged (accessible) PDF to read and file. Unknown codes, lots or a repeated member → 400; unknown member or tender → 404.',
    request: {
      query: HeadsOfTermsFormat,
      body: { content: { 'application/json': { schema: HeadsOfTermsRequest } } },
    },
    responses: {
      200: {
        description: 'The draft (JSON), the Word document with ?format=docx, or the PDF with ?format=pdf',
        content: {
          'application/json': { schema: HeadsOfTermsResponse },
          [DOCX_TYPE]: { schema: { type: 'string', format: 'binary' } },
          [PDF_TYPE]: { schema: { type: 'string', format: 'binary' } },
        },
      },
      400: errors[400],
      404: errors[404],
      503: errors[503],
    },
  });
}
