/**
 * Tender alerts over the API (issue #19). Preferences and alerts reveal bid plans: members of the organisation and
 * administrators only.
 *   GET /v1/organisations/:id/alerts               its digest entries, newest first, paged
 *   GET /v1/organisations/:id/alert-preferences    what it chose (or the defaults)
 *   PUT /v1/organisations/:id/alert-preferences    choose again (the whole set; clears a one-click unsubscribe); the
 *                                                  first webhook URL makes the signing secret, answered this once as
 *                                                  `webhookSecret` (save-preferences.ts, as the web page does)
 *   POST /v1/organisations/:id/alert-preferences/webhook-secret
 *                                                  a new signing secret, answered this once; the old one stops signing
 *                                                  at once (the page's "Create a new signing secret"); needs a webhook URL
 */
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { Router } from 'express';
import { z } from 'zod';
import type { Slice } from '../http/app.ts';
import { callerOf, requireActFor, requireReadPrivate } from '../http/caller.ts';
import { errors, json, pageOf, Paging } from '../http/openapi.ts';
import { parsed, validate } from '../http/validate.ts';
import { OrgId } from '../shared/codes.ts';
import type { CoreDeps } from '../shared/deps.ts';
import { NotFoundError } from '../shared/errors.ts';
import { listEntries } from './ledger.ts';
import { AlertPreferencesInput, AlertPreferencesView, getPreferences } from './preferences.ts';
import { createWebhookSecret, savePreferences, type SavePreferencesOptions } from './save-preferences.ts';

const OrgParams = z.object({ id: OrgId });

/** What a PUT answers: the saved preferences, and the webhook signing secret when this save made it. */
const SavedAlertPreferencesView = AlertPreferencesView.extend({
  webhookSecret: z
    .string()
    .optional()
    .describe(
      'The webhook signing secret, made when a webhook URL is first saved and given out this once: each webhook carries ' +
        'X-Consortia-Signature: sha256=<hex HMAC-SHA256 of the raw body under this secret>',
    ),
}).meta({ id: 'SavedAlertPreferences' });

/** What POST …/webhook-secret answers: the new secret, this once. */
const NewWebhookSecretView = z
  .object({
    webhookSecret: z.string().describe('The new signing secret, given out this once; the previous secret no longer signs webhooks'),
  })
  .meta({ id: 'NewWebhookSecret' });

const SuggestedPartnerView = z.object({ id: z.string(), name: z.string(), reason: z.string() }).meta({ id: 'SuggestedPartner' });
const DigestEntryView = z
  .object({
    organisationId: z.string(),
    tenderId: z.string(),
    tenderVersion: z.string(),
    status: z.enum(['new', 'changed']),
    title: z.string(),
    buyer: z.string().optional(),
    valueGbp: z.number().optional(),
    submissionDeadline: z.string().optional(),
    fit: z.enum(['alone', 'with-partners']),
    reasons: z.array(z.string()),
    partners: z.array(SuggestedPartnerView),
    createdAt: z.string(),
    deliveredAt: z.record(z.string(), z.string()).optional(),
  })
  .meta({ id: 'DigestEntry' });

async function requireOrganisation(deps: CoreDeps, id: string): Promise<void> {
  if ((await deps.store.getOrganisation(id)) === undefined) throw new NotFoundError('organisation', id);
}

export function alertsSlice(deps: CoreDeps, options: SavePreferencesOptions = {}): Slice {
  const router = Router();

  router.get('/v1/organisations/:id/alerts', validate('params', OrgParams), validate('query', Paging), async (req, res) => {
    const { id } = parsed<{ id: string }>(res, 'params');
    requireReadPrivate(callerOf(req), id);
    await requireOrganisation(deps, id);
    const { offset, limit } = parsed<Paging>(res, 'query');
    const page = await listEntries(deps.store.records, id, offset, limit);
    res.json({ total: page.total, offset, limit, items: page.items });
  });

  router.get('/v1/organisations/:id/alert-preferences', validate('params', OrgParams), async (req, res) => {
    const { id } = parsed<{ id: string }>(res, 'params');
    requireReadPrivate(callerOf(req), id);
    await requireOrganisation(deps, id);
    res.json(await getPreferences(deps.store.records, id));
  });

  router.put(
    '/v1/organisations/:id/alert-preferences',
    validate('params', OrgParams),
    validate('body', AlertPreferencesInput),
    async (req, res) => {
      const { id } = parsed<{ id: string }>(res, 'params');
      requireActFor(callerOf(req), id);
      await requireOrganisation(deps, id);
      const input = parsed<AlertPreferencesInput>(res, 'body');
      const saved = await savePreferences(deps, callerOf(req), id, input, options);
      if (saved.webhookSecret === undefined) return res.json(saved.preferences);
      res.setHeader('Cache-Control', 'no-store'); // the secret is in this answer only
      res.json({ ...saved.preferences, webhookSecret: saved.webhookSecret });
    },
  );

  router.post('/v1/organisations/:id/alert-preferences/webhook-secret', validate('params', OrgParams), async (req, res) => {
    const { id } = parsed<{ id: string }>(res, 'params');
    requireActFor(callerOf(req), id);
    await requireOrganisation(deps, id);
    const webhookSecret = await createWebhookSecret(deps, callerOf(req), id);
    res.setHeader('Cache-Control', 'no-store'); // the secret is in this answer only
    res.status(201).json({ webhookSecret });
  });

  return { routes: router, openapi: registerAlertsOpenApi };
}

export function registerAlertsOpenApi(registry: OpenAPIRegistry): void {
  const tags = ['alerts'];
  const auth = { 401: errors[401], 403: errors[403] };
  registry.registerPath({
    method: 'get',
    path: '/v1/organisations/{id}/alerts',
    tags,
    summary: 'Tenders for you: the notices the organisation could bid for, alone or with the partners named (its members)',
    request: { params: OrgParams, query: Paging },
    responses: { 200: json(pageOf(DigestEntryView), 'Digest entries, newest first'), 400: errors[400], ...auth, 404: errors[404] },
  });
  registry.registerPath({
    method: 'get',
    path: '/v1/organisations/{id}/alert-preferences',
    tags,
    summary: 'What the organisation chose to get in its tender alerts, or the defaults (its members)',
    request: { params: OrgParams },
    responses: { 200: json(AlertPreferencesView, 'Preferences'), ...auth, 404: errors[404] },
  });
  registry.registerPath({
    method: 'put',
    path: '/v1/organisations/{id}/alert-preferences',
    tags,
    summary: 'Choose what the tender alerts bring: services, places, minimum value, VCSE-suitable only, frequency, email, webhook',
    request: { params: OrgParams, body: { content: { 'application/json': { schema: AlertPreferencesInput } } } },
    responses: {
      200: json(SavedAlertPreferencesView, 'Saved (with the webhook signing secret when this save made it)'),
      400: errors[400],
      ...auth,
      404: errors[404],
    },
  });
  registry.registerPath({
    method: 'post',
    path: '/v1/organisations/{id}/alert-preferences/webhook-secret',
    tags,
    summary: 'Replace the webhook signing secret (its members): the new one is answered this once and the old one stops signing at once',
    request: { params: OrgParams },
    responses: {
      201: json(NewWebhookSecretView, 'The new signing secret'),
      400: errors[400],
      ...auth,
      404: errors[404],
    },
  });
}
