/**
 * Introductions in the web app (src/introductions), for an organisation's members:
 *   GET  /organisations/:id/introductions/new?candidate=…&<tender>   ask to be introduced: message and your contact
 *   POST /organisations/:id/introductions                              → requestIntroduction
 *   GET  /organisations/:id/introductions                              asked of you (accept with your contact,
 *                                                                      decline, block) and asked by you (withdraw)
 *   POST /organisations/:id/introductions/:intro/{accept,decline,withdraw}
 *   POST /organisations/:id/blocks, /organisations/:id/blocks/:other/remove
 */
import { Router, type Response } from 'express';
import { callerOf, requireActFor, requireReadPrivate, vetoRuleOf } from '../../http/caller.ts';
import { fieldIssues } from '../../http/validate.ts';
import { Contact, viewOf } from '../../introductions/schema.ts';
import { answerIntroduction, block, blocksOf, introductionsOf, requestIntroduction, unblock } from '../../introductions/service.ts';
import { getOrganisation } from '../../organisations/service.ts';
import { ConflictError, NotFoundError, ValidationError, type FieldIssue } from '../../shared/errors.ts';
import type { CoreDeps } from '../../shared/deps.ts';
import { FormErrors, issuesToErrors, one, type Fields } from '../forms.ts';
import { renderPage } from '../render.ts';
import { tenderChoiceOf, tenderParams } from '../tender-form.ts';
import { matchRequest } from './partners.ts';

function contactOf(body: Fields): { form: Record<'name' | 'email' | 'phone', string>; contact?: Contact; issues: FieldIssue[] } {
  const form = { name: one(body, 'name', 200), email: one(body, 'email', 254), phone: one(body, 'phone', 40) };
  const parsed = Contact.safeParse({ name: form.name, email: form.email, ...(form.phone ? { phone: form.phone } : {}) });
  return parsed.success ? { form, contact: parsed.data, issues: [] } : { form, issues: fieldIssues(parsed.error, '', form, Contact) };
}

const CONTACT_MESSAGES: Record<string, string> = {
  name: 'Enter your name',
  email: 'Enter an email address, like name@example.org',
  phone: 'Enter a telephone number, like 01632 960 123',
};

export function introductionPages(deps: CoreDeps): Router {
  const router = Router();
  const base = (id: string) => `/organisations/${encodeURIComponent(id)}`;

  async function newPage(res: Response, seekerId: string, query: Fields, extra: Record<string, unknown> = {}, status = 200) {
    const seeker = await getOrganisation(deps, seekerId);
    const candidate = await getOrganisation(deps, one(query, 'candidate', 120));
    const choice = tenderChoiceOf(query);
    if (!choice) throw new ValidationError([{ path: 'tender', message: 'say which tender the introduction is about' }]);
    renderPage(
      res,
      'pages/introduction-new.njk',
      {
        seeker: { id: seeker.id, name: seeker.name },
        candidate: { id: candidate.id, name: candidate.name },
        hidden: [...tenderParams(choice), ['candidate', candidate.id]].map(([name, value]) => ({ name, value })),
        form: { message: '', name: '', email: '', phone: '' },
        backLink: {
          href: `${base(seeker.id)}/partners?${new URLSearchParams(tenderParams(choice)).toString()}`,
          text: 'Back to the partners',
        },
        ...extra,
      },
      status,
    );
  }

  router.get('/organisations/:id/introductions/new', async (req, res) => {
    requireActFor(callerOf(req), req.params.id);
    await newPage(res, req.params.id, req.query);
  });

  router.post('/organisations/:id/introductions', async (req, res) => {
    const caller = callerOf(req);
    requireActFor(caller, req.params.id);
    const body = (req.body ?? {}) as Fields;
    const { form, contact, issues } = contactOf(body);
    const message = one(body, 'message', 2000);
    const errors = issuesToErrors(issues, (path) => path.split('.')[0], 'name');
    const choice = tenderChoiceOf(body);
    const asked = choice && matchRequest(req.params.id, choice, deps.ref, 200, errors);
    if (!errors.any && contact && asked) {
      try {
        await requestIntroduction(
          deps,
          caller,
          {
            fromId: req.params.id,
            toId: one(body, 'candidate', 120),
            ...(asked.tenderId ? { tenderId: asked.tenderId } : { tender: asked.tender! }),
            ...(message ? { message } : {}),
            contact,
          },
          vetoRuleOf(caller),
        );
        return res.redirect(303, `${base(req.params.id)}/introductions?sent=1`);
      } catch (error) {
        if (!(error instanceof ConflictError) && !(error instanceof ValidationError)) throw error;
        errors.add('message', error instanceof ValidationError ? error.issues.map((i) => i.message).join('; ') : error.message);
      }
    }
    const friendly = new FormErrors();
    for (const e of errors.summary()) friendly.add(e.href.slice(1), CONTACT_MESSAGES[e.href.slice(1)] ?? e.text);
    await newPage(res, req.params.id, body, { form: { ...form, message }, ...friendly.view() }, 400);
  });

  router.get('/organisations/:id/introductions', async (req, res) => {
    requireReadPrivate(callerOf(req), req.params.id);
    const org = await getOrganisation(deps, req.params.id);
    const { sent, received } = await introductionsOf(deps, org.id);
    const blocked = await deps.store.getOrganisations(await blocksOf(deps, org.id));
    renderPage(res, 'pages/introductions.njk', {
      org: { id: org.id, name: org.name },
      sentNow: (req.query as Fields).sent === '1',
      received: received.map(viewOf),
      sent: sent.map(viewOf),
      blocked: blocked.map((o) => ({ id: o.id, name: o.name })),
      backLink: { href: base(org.id), text: org.name },
    });
  });

  router.post('/organisations/:id/introductions/:intro/:action', async (req, res) => {
    const caller = callerOf(req);
    requireActFor(caller, req.params.id);
    const action = req.params.action;
    if (action !== 'accept' && action !== 'decline' && action !== 'withdraw') throw new NotFoundError('page', req.path);
    const intro = String(req.params.intro).slice(0, 100);
    if (action === 'accept') {
      const { contact, issues } = contactOf((req.body ?? {}) as Fields);
      if (!contact) {
        const errors = new FormErrors();
        for (const issue of issues) errors.add(`${intro}-${issue.path}`, CONTACT_MESSAGES[issue.path] ?? issue.message);
        const org = await getOrganisation(deps, req.params.id);
        const { sent, received } = await introductionsOf(deps, org.id);
        return renderPage(
          res,
          'pages/introductions.njk',
          {
            org: { id: org.id, name: org.name },
            received: received.map(viewOf),
            sent: sent.map(viewOf),
            blocked: [],
            answering: intro,
            ...errors.view(),
            backLink: { href: base(org.id), text: org.name },
          },
          400,
        );
      }
      await answerIntroduction(deps, caller, intro, req.params.id, { kind: 'accept', contact });
    } else {
      await answerIntroduction(deps, caller, intro, req.params.id, { kind: action });
    }
    res.redirect(303, `${base(req.params.id)}/introductions`);
  });

  router.post('/organisations/:id/blocks', async (req, res) => {
    const caller = callerOf(req);
    requireActFor(caller, req.params.id);
    await block(deps, caller, req.params.id, one((req.body ?? {}) as Fields, 'organisationId', 120));
    res.redirect(303, `${base(req.params.id)}/introductions`);
  });

  router.post('/organisations/:id/blocks/:other/remove', async (req, res) => {
    const caller = callerOf(req);
    requireActFor(caller, req.params.id);
    await unblock(deps, caller, req.params.id, String(req.params.other).slice(0, 120));
    res.redirect(303, `${base(req.params.id)}/introductions`);
  });

  return router;
}
