/**
 * Alert preferences in the web app (docs/alerts.md, "Pages"): what an organisation's tender alerts bring and where
 * they go. Members of the organisation and administrators only, as on "Tenders for you" (which links here).
 *   GET  /organisations/:id/alerts/preferences                 the form, filled with the saved choice (or the defaults)
 *   POST /organisations/:id/alerts/preferences                 add or remove a service or place (the page again), or save:
 *                                                              checked by the API's schema, saved by the API's use case
 *                                                              (savePreferences: audit entry, clears a one-click
 *                                                              unsubscribe, makes the webhook signing secret with the
 *                                                              first webhook URL, shown on the page that answers, once)
 *   POST /organisations/:id/alerts/preferences/webhook-secret  "Create a new signing secret": replaces it, shows it once
 * Both POSTs carry the CSRF token; the page works without JavaScript (add and remove are submit buttons).
 */
import { Router, type Request, type Response } from 'express';
import { ALERT_PREFERENCE_DEFAULTS, getPreferences } from '../../alerts/preferences.ts';
import { createWebhookSecret, savePreferences, type SavePreferencesOptions } from '../../alerts/save-preferences.ts';
import { webhookSecretMadeAt } from '../../alerts/webhook-secret.ts';
import { callerOf, canActFor, requireActFor, requireReadPrivate } from '../../http/caller.ts';
import type { Organisation } from '../../organisations/schema.ts';
import { getOrganisation } from '../../organisations/service.ts';
import type { CoreDeps } from '../../shared/deps.ts';
import { ValidationError } from '../../shared/errors.ts';
import {
  applyPreferenceEdits,
  formOfBody,
  formOfPreferences,
  PREFERENCE_FIELDS,
  preferencesFormView,
  preferencesInputOf,
  type PreferencesForm,
} from '../alert-preferences-form.ts';
import { FormErrors, one, type Fields } from '../forms.ts';
import { renderPage } from '../render.ts';

const SAVED = { yes: 'Your alert preferences were saved.', again: 'Your alert preferences were saved, and alerts are on again.' };

export function alertPreferencePages(deps: CoreDeps, options: SavePreferencesOptions = {}): Router {
  const router = Router();
  const path = (org: Organisation) => `/organisations/${encodeURIComponent(org.id)}/alerts/preferences`;

  /** Renders the page: `form` as given (or the saved choice), with what is saved shown beside it. */
  const show = async (
    req: Request,
    res: Response,
    org: Organisation,
    extra: { form?: PreferencesForm; pending?: { service: string; area: string }; errors?: FormErrors; saved?: string; secret?: string },
    status = 200,
  ) => {
    const prefs = await getPreferences(deps.store.records, org.id);
    const form = extra.form ?? formOfPreferences(prefs);
    const errors = (extra.errors ?? new FormErrors()).ordered(PREFERENCE_FIELDS);
    if (extra.secret !== undefined) res.setHeader('Cache-Control', 'no-store'); // the secret is on this answer only
    renderPage(
      res,
      'pages/alert-preferences.njk',
      {
        org: { id: org.id, name: org.name },
        ...preferencesFormView(form, extra.pending ?? { service: '', area: '' }, { services: org.services, areas: org.areas }, deps.ref),
        ...errors.view(),
        saved: extra.saved,
        canSave: canActFor(callerOf(req), org.id),
        neverSaved: prefs.updatedAt === ALERT_PREFERENCE_DEFAULTS.neverSavedAt,
        unsubscribedAt: prefs.unsubscribedAt,
        webhook: {
          saved: prefs.webhookUrl !== undefined,
          secretMadeAt: await webhookSecretMadeAt(deps.store.records, org.id),
          created: extra.secret,
        },
        action: path(org),
        backLink: { href: `/organisations/${encodeURIComponent(org.id)}/alerts`, text: 'Tenders for you' },
      },
      status,
    );
  };

  router.get('/organisations/:id/alerts/preferences', async (req, res) => {
    requireReadPrivate(callerOf(req), req.params.id);
    const org = await getOrganisation(deps, req.params.id);
    const saved = one(req.query, 'saved', 10);
    await show(req, res, org, { saved: saved === 'again' ? SAVED.again : saved === '1' ? SAVED.yes : undefined });
  });

  router.post('/organisations/:id/alerts/preferences', async (req, res) => {
    const caller = callerOf(req);
    requireActFor(caller, req.params.id);
    const org = await getOrganisation(deps, req.params.id);
    const body = (req.body ?? {}) as Fields;
    const errors = new FormErrors();
    const { form, pending, action } = applyPreferenceEdits(formOfBody(body), body, deps.ref, errors);
    if (action !== 'save') return show(req, res, org, { form, pending, errors }, errors.any ? 400 : 200);
    const input = preferencesInputOf(form, deps.ref, errors);
    if (!input) return show(req, res, org, { form, pending, errors }, 400);
    let saved;
    try {
      saved = await savePreferences(deps, caller, org.id, input, { webhookAllowPrivate: options.webhookAllowPrivate });
    } catch (error) {
      // a webhook URL that delivery would refuse (a private address, localhost): the field says why
      if (!(error instanceof ValidationError)) throw error;
      for (const issue of error.issues)
        errors.add(issue.path, `Enter a webhook URL on the public internet: ${issue.message.replace(/^.*?: /, '')}`);
      return show(req, res, org, { form, pending, errors }, 400);
    }
    const banner = saved.resubscribed ? 'again' : '1';
    if (saved.webhookSecret === undefined) return res.redirect(303, `${path(org)}?saved=${banner}`);
    await show(req, res, org, { saved: SAVED[banner === 'again' ? 'again' : 'yes'], secret: saved.webhookSecret });
  });

  router.post('/organisations/:id/alerts/preferences/webhook-secret', async (req, res) => {
    const caller = callerOf(req);
    requireActFor(caller, req.params.id);
    const org = await getOrganisation(deps, req.params.id);
    try {
      const secret = await createWebhookSecret(deps, caller, org.id);
      await show(req, res, org, { secret });
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      const errors = new FormErrors().add('webhookUrl', 'Save a webhook URL before creating a signing secret for it');
      await show(req, res, org, { errors }, 400);
    }
  });

  return router;
}
