/**
 * "Your organisation": its members (and administrators) edit it on one page of questions — name, open to
 * partnering, staff, turnover, spare capacity, and the private fields (organisations not to partner with, red
 * lines, bid plans), which only they ever see. GET/POST /organisations/:id/edit → replaceOrganisation, with the
 * audit entry the API writes. Errors come back the GOV.UK way: a summary linking to each field, and the field's
 * message beside it; the form works without JavaScript.
 */
import { Router } from 'express';
import { audit } from '../../accounts/audit.ts';
import { callerOf, requireActFor } from '../../http/caller.ts';
import { changedFields } from '../../organisations/changes.ts';
import { OrganisationInput, SpareCapacity, type Organisation } from '../../organisations/schema.ts';
import { getOrganisation, replaceOrganisation } from '../../organisations/service.ts';
import { fieldIssues } from '../../http/validate.ts';
import type { CoreDeps } from '../../shared/deps.ts';
import { ValidationError, type FieldIssue } from '../../shared/errors.ts';
import { FormErrors, issuesToErrors, one, type Fields } from '../forms.ts';
import { CAPACITY } from '../labels.ts';
import { renderPage } from '../render.ts';

/** Form field ids in page order (the error summary follows it). */
const FIELDS = [
  'name',
  'openToPartnering',
  'staff',
  'annualTurnoverGbp',
  'spareCapacity',
  'doNotPartnerWith',
  'redLines',
  'bidPlans',
] as const;

interface EditForm {
  name: string;
  openToPartnering: string;
  staff: string;
  annualTurnoverGbp: string;
  spareCapacity: string;
  doNotPartnerWith: string;
  redLines: string;
  bidPlans: string;
}

function formOf(org: Organisation): EditForm {
  return {
    name: org.name,
    openToPartnering: org.openToPartnering ? 'yes' : 'no',
    staff: org.staff?.toString() ?? '',
    annualTurnoverGbp: org.annualTurnoverGbp?.toString() ?? '',
    spareCapacity: org.spareCapacity,
    doNotPartnerWith: (org.private?.doNotPartnerWith ?? []).join('\n'),
    redLines: (org.private?.redLines ?? []).join('\n'),
    bidPlans: (org.private?.bidPlans ?? []).join('\n'),
  };
}

const lines = (text: string) =>
  text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .slice(0, 200);

/** The form → the organisation's input, with what the form does not ask kept as it is; errors for unreadable numbers. */
function inputOf(org: Organisation, form: EditForm, errors: FormErrors) {
  const number = (field: 'staff' | 'annualTurnoverGbp', text: string, message: string) => {
    if (text === '') return undefined;
    const n = Number(text.replace(/[£,\s]/g, ''));
    if (!Number.isFinite(n)) errors.add(field, message);
    return Number.isFinite(n) ? n : undefined;
  };
  const { id: _id, ...rest } = org;
  return {
    ...rest,
    name: form.name,
    openToPartnering: form.openToPartnering === 'yes',
    staff: number('staff', form.staff, 'Staff must be a whole number, like 120'),
    annualTurnoverGbp: number('annualTurnoverGbp', form.annualTurnoverGbp, 'Annual turnover must be an amount in pounds, like 2500000'),
    spareCapacity: form.spareCapacity as SpareCapacity,
    private: { doNotPartnerWith: lines(form.doNotPartnerWith), redLines: lines(form.redLines), bidPlans: lines(form.bidPlans) },
  };
}

function fieldOf(path: string): string | undefined {
  const [first, second] = path.split('.');
  if (first === 'private' && second) return second;
  return (FIELDS as readonly string[]).includes(first) ? first : undefined;
}

export function editOrganisationPages(deps: CoreDeps): Router {
  const router = Router();
  const capacities = SpareCapacity.options.map((value) => ({ value, text: CAPACITY[value] }));
  const context = (org: Organisation, form: EditForm) => ({
    org: { id: org.id, name: org.name },
    form,
    capacities,
    backLink: { href: `/organisations/${encodeURIComponent(org.id)}`, text: org.name },
  });

  router.get('/organisations/:id/edit', async (req, res) => {
    requireActFor(callerOf(req), req.params.id);
    const org = await getOrganisation(deps, req.params.id);
    renderPage(res, 'pages/edit-organisation.njk', context(org, formOf(org)));
  });

  router.post('/organisations/:id/edit', async (req, res) => {
    const caller = callerOf(req);
    requireActFor(caller, req.params.id);
    const before = await getOrganisation(deps, req.params.id);
    const body = (req.body ?? {}) as Fields;
    const form: EditForm = {
      name: one(body, 'name', 300),
      openToPartnering: one(body, 'openToPartnering', 3),
      staff: one(body, 'staff', 20),
      annualTurnoverGbp: one(body, 'annualTurnoverGbp', 30),
      spareCapacity: one(body, 'spareCapacity', 20),
      doNotPartnerWith: one(body, 'doNotPartnerWith', 20_000),
      redLines: one(body, 'redLines', 20_000),
      bidPlans: one(body, 'bidPlans', 20_000),
    };
    const errors = new FormErrors();
    if (!form.name) errors.add('name', 'Enter the organisation’s name');
    if (form.openToPartnering !== 'yes' && form.openToPartnering !== 'no')
      errors.add('openToPartnering', 'Select whether it is open to partnering');
    const input = inputOf(before, form, errors);
    let issues: FieldIssue[] = [];
    const parsed = OrganisationInput.safeParse(input);
    if (!parsed.success) issues = fieldIssues(parsed.error, '', input, OrganisationInput);
    const selfVeto = input.private.doNotPartnerWith.includes(before.id);
    if (selfVeto) errors.add('doNotPartnerWith', 'An organisation cannot list itself');
    if (!errors.any && issues.length === 0) {
      try {
        const { organisation } = await replaceOrganisation(deps, before.id, parsed.data!);
        const fields = changedFields(before, organisation);
        await audit({ records: deps.store.records, now: deps.now }, caller, {
          action: 'organisation.updated',
          organisationId: before.id,
          target: { type: 'organisation', id: before.id },
          summary: fields.length ? `changed ${fields.join(', ')}` : 'saved unchanged',
        });
        return res.redirect(303, `/organisations/${encodeURIComponent(before.id)}?saved=1`);
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        issues = error.issues;
      }
    }
    const all = issuesToErrors(issues, fieldOf, 'name', errors).ordered(FIELDS);
    renderPage(res, 'pages/edit-organisation.njk', { ...context(before, form), ...all.view() }, 400);
  });

  return router;
}
