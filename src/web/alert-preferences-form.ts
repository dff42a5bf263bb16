/**
 * The alert preferences form (src/web/pages/alert-preferences.ts): its fields as posted, what the stored preferences
 * look like on it, the add and remove buttons of its service and place lists (the same type-a-name boxes as the
 * tender form, resolved by the same functions), and the check before saving — by AlertPreferencesInput, the JSON
 * API's own schema, so the page accepts exactly what PUT /v1/organisations/{id}/alert-preferences accepts.
 * No I/O here.
 *
 * Fields: services=own|chosen, service (CPV, repeated), addService; places=own|chosen, area (GSS, repeated), addArea;
 * minimumValueGbp; vcseSuitableOnly=yes; frequency; email; webhookUrl; action (save, add-service, add-area,
 * remove-service:<code>, remove-area:<code>).
 */
import type { z } from 'zod';
import { ALERT_PREFERENCE_DEFAULTS, AlertPreferencesInput } from '../alerts/preferences.ts';
import { ALERT_FREQUENCIES, type AlertPreferences } from '../alerts/types.ts';
import { placeText, serviceText } from '../reference/find.ts';
import type { Reference } from '../reference/types.ts';
import { FormErrors, many, one, takeCode, type Fields } from './forms.ts';
import { areaFound, parseMoney, serviceFound } from './tender-form.ts';

/** Codes the form's lists hold (the API takes more; a longer list is for the API). */
export const PREFERENCE_FORM_LIMITS = Object.freeze({ services: 100, areas: 200 });

/** The page's fields, top to bottom: the error summary follows this order. */
export const PREFERENCE_FIELDS = [
  'services',
  'addService',
  'places',
  'addArea',
  'minimumValueGbp',
  'vcseSuitableOnly',
  'frequency',
  'email',
  'webhookUrl',
] as const;

export type Scope = 'own' | 'chosen';

export interface PreferencesForm {
  services: Scope;
  serviceCodes: string[];
  places: Scope;
  areaCodes: string[];
  minimumValueGbp: string;
  vcseSuitableOnly: boolean;
  frequency: string;
  email: string;
  webhookUrl: string;
}

/** The stored (or default) preferences as the form shows them. */
export function formOfPreferences(p: AlertPreferences): PreferencesForm {
  return {
    services: p.serviceCodes === undefined ? 'own' : 'chosen',
    serviceCodes: p.serviceCodes ?? [],
    places: p.areaCodes === undefined ? 'own' : 'chosen',
    areaCodes: p.areaCodes ?? [],
    minimumValueGbp: p.minimumValueGbp === undefined ? '' : String(p.minimumValueGbp),
    vcseSuitableOnly: p.vcseSuitableOnly,
    frequency: p.frequency,
    email: p.email ?? '',
    webhookUrl: p.webhookUrl ?? '',
  };
}

/** The posted form, every value bounded (a value cut at its bound still fails the schema's own bound). */
export function formOfBody(body: Fields): PreferencesForm {
  const scope = (name: string): Scope => (one(body, name, 10) === 'chosen' ? 'chosen' : 'own');
  return {
    services: scope('services'),
    serviceCodes: many(body, 'service', PREFERENCE_FORM_LIMITS.services + 1, 20),
    places: scope('places'),
    areaCodes: many(body, 'area', PREFERENCE_FORM_LIMITS.areas + 1, 20),
    minimumValueGbp: one(body, 'minimumValueGbp', 40),
    vcseSuitableOnly: one(body, 'vcseSuitableOnly', 5) === 'yes',
    frequency: one(body, 'frequency', 20),
    email: one(body, 'email', 300),
    webhookUrl: one(body, 'webhookUrl', ALERT_PREFERENCE_DEFAULTS.maxUrlLength + 100),
  };
}

export type PreferencesAction = 'save' | 'add-service' | 'add-area' | 'remove-service' | 'remove-area';

/**
 * Applies what the button asked and takes in what was typed into the add boxes (on any button: a service typed and
 * then saved is added, not lost). Typing into a box, or adding or removing, means choosing: the list's radio moves to
 * "chosen". Problems go on the box, keeping what was typed.
 */
export function applyPreferenceEdits(
  form: PreferencesForm,
  body: Fields,
  ref: Reference,
  errors: FormErrors,
): { form: PreferencesForm; pending: { service: string; area: string }; action: PreferencesAction } {
  const next: PreferencesForm = { ...form, serviceCodes: [...form.serviceCodes], areaCodes: [...form.areaCodes] };
  const [verb, what] = one(body, 'action', 60).split(':', 2);
  const action: PreferencesAction =
    (['add-service', 'add-area', 'remove-service', 'remove-area'] as const).find((a) => a === verb) ?? 'save';

  const typedService = one(body, 'addService', 200);
  const typedArea = one(body, 'addArea', 200);
  const pending = {
    service: takeCode(
      typedService,
      typedService ? serviceFound(ref, typedService) : undefined,
      next.serviceCodes,
      'addService',
      tooMany('services'),
      errors,
    ),
    area: takeCode(typedArea, typedArea ? areaFound(ref, typedArea) : undefined, next.areaCodes, 'addArea', tooMany('areas'), errors),
  };
  if (typedService || action === 'add-service' || action === 'remove-service') next.services = 'chosen';
  if (typedArea || action === 'add-area' || action === 'remove-area') next.places = 'chosen';
  if (action === 'add-service' && !typedService) errors.add('addService', 'Enter a service to add: part of its name, or its CPV code');
  if (action === 'add-area' && !typedArea) errors.add('addArea', 'Enter a place to add: an authority’s name, like Exeter');
  if (action === 'remove-service') next.serviceCodes = next.serviceCodes.filter((c) => c !== what);
  if (action === 'remove-area') next.areaCodes = next.areaCodes.filter((c) => c !== what);
  return { form: next, pending, action };
}

/** A list's limit on the preferences form, and what the box says when it is reached. */
function tooMany(kind: 'services' | 'areas'): { max: number; tooMany: string } {
  const max = PREFERENCE_FORM_LIMITS[kind];
  return { max, tooMany: `Choose at most ${max} ${kind === 'areas' ? 'places' : 'services'} here` };
}

/** GOV.UK messages for what AlertPreferencesInput refuses, by field; the schema's own words otherwise. */
const MESSAGES: Record<string, (code: string) => string | undefined> = {
  minimumValueGbp: () => 'The minimum value must be between £0 and £1,000,000,000,000',
  frequency: () => 'Select how often to send the digest',
  email: (code) =>
    code === 'too_big'
      ? 'The email address must be 254 characters or fewer'
      : 'Enter an email address in the correct format, like name@example.org',
  webhookUrl: (code) =>
    code === 'too_big'
      ? `The webhook URL must be ${ALERT_PREFERENCE_DEFAULTS.maxUrlLength.toLocaleString('en-GB')} characters or fewer`
      : 'Enter a webhook URL that starts with https:// or http://, like https://example.org/hooks/tenders',
};

/** The schema's path → the field that sets it. */
function fieldOf(path: string): string {
  if (path.startsWith('serviceCodes')) return 'addService';
  if (path.startsWith('areaCodes')) return 'addArea';
  const first = path.split('.')[0];
  return (PREFERENCE_FIELDS as readonly string[]).includes(first) ? first : 'services';
}

/**
 * The form → the API's AlertPreferencesInput, checked by that schema (and the codes against the reference data);
 * undefined when `errors` got any.
 */
export function preferencesInputOf(
  form: PreferencesForm,
  ref: Reference,
  errors: FormErrors,
): z.output<typeof AlertPreferencesInput> | undefined {
  if (form.services === 'chosen') {
    if (form.serviceCodes.length === 0) errors.add('addService', 'Add at least one service, or choose your organisation’s own services');
    for (const code of form.serviceCodes)
      if (!ref.cpv.has(code))
        errors.add('addService', `${code} is not a CPV code. Remove it, and enter part of a service’s name or its 8-digit code`);
    if (form.serviceCodes.length > PREFERENCE_FORM_LIMITS.services)
      errors.add('addService', `Choose at most ${PREFERENCE_FORM_LIMITS.services} services here`);
  }
  if (form.places === 'chosen') {
    if (form.areaCodes.length === 0) errors.add('addArea', 'Add at least one place, or choose your organisation’s own places');
    for (const code of form.areaCodes)
      if (!ref.geography.has(code)) errors.add('addArea', `${code} is not an area code we know. Remove it, and enter an authority’s name`);
    if (form.areaCodes.length > PREFERENCE_FORM_LIMITS.areas)
      errors.add('addArea', `Choose at most ${PREFERENCE_FORM_LIMITS.areas} places here`);
  }
  const minimum = parseMoney(form.minimumValueGbp);
  if (minimum === null) errors.add('minimumValueGbp', 'Enter the minimum value in pounds, like 100000, 100,000 or 100k');
  if (!(ALERT_FREQUENCIES as readonly string[]).includes(form.frequency)) errors.add('frequency', 'Select how often to send the digest');

  const input = {
    ...(form.services === 'chosen' ? { serviceCodes: form.serviceCodes } : {}),
    ...(form.places === 'chosen' ? { areaCodes: form.areaCodes } : {}),
    ...(typeof minimum === 'number' ? { minimumValueGbp: minimum } : {}),
    vcseSuitableOnly: form.vcseSuitableOnly,
    frequency: form.frequency,
    ...(form.email ? { email: form.email } : {}),
    ...(form.webhookUrl ? { webhookUrl: form.webhookUrl } : {}),
  };
  // The API's schema has the last word: what passes here, PUT accepts, and the other way round.
  const checked = AlertPreferencesInput.safeParse(input);
  if (!checked.success)
    for (const issue of checked.error.issues) {
      const field = fieldOf(issue.path.map(String).join('.'));
      errors.add(field, MESSAGES[field]?.(issue.code) ?? sentence(issue.message));
    }
  return errors.any || !checked.success ? undefined : checked.data;
}

function sentence(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** What the template needs of the form: the chosen lists with their names, the organisation's own, the radios. */
export function preferencesFormView(
  form: PreferencesForm,
  pending: { service: string; area: string },
  own: { services: readonly string[]; areas: readonly string[] },
  ref: Reference,
) {
  const serviceName = (code: string) => (ref.cpv.get(code) ? serviceText(ref.cpv.get(code)!) : code);
  const placeName = (code: string) => (ref.geography.get(code) ? placeText(ref.geography, ref.geography.get(code)!) : code);
  const shown = 5;
  const ownText = (names: string[], none: string, noun: string) =>
    names.length === 0
      ? none
      : names.slice(0, shown).join('; ') + (names.length > shown ? `; and ${names.length - shown} more ${noun}` : '');
  return {
    form,
    pending,
    limits: PREFERENCE_FORM_LIMITS,
    rows: {
      services: form.serviceCodes.map((code) => ({ code, text: serviceName(code) })),
      areas: form.areaCodes.map((code) => ({ code, text: placeName(code) })),
    },
    own: {
      services: ownText(own.services.map(serviceName), 'Your organisation lists no services yet, so no notice would match', 'services'),
      areas: ownText(own.areas.map(placeName), 'Your organisation lists no places yet, so no notice would match', 'places'),
    },
    frequencies: [
      { value: 'daily', text: 'Daily', hint: { text: 'One digest a day, when there is something new' } },
      { value: 'weekly', text: 'Weekly', hint: { text: 'One digest a week, when there is something new' } },
      { value: 'never', text: 'Never', hint: { text: 'No email or webhook: new tenders only on the “Tenders for you” page' } },
    ],
  };
}
