/** The alert preferences form on the real reference data: its buttons, its check (the API's schema), and what changed. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AlertPreferencesInput, defaultPreferences } from '../../../src/alerts/preferences.ts';
import { changedPreferenceFields } from '../../../src/alerts/save-preferences.ts';
import type { AlertPreferences } from '../../../src/alerts/types.ts';
import { defaultReference } from '../../../src/reference/load.ts';
import {
  applyPreferenceEdits,
  formOfBody,
  formOfPreferences,
  PREFERENCE_FIELDS,
  PREFERENCE_FORM_LIMITS,
  preferencesInputOf,
} from '../../../src/web/alert-preferences-form.ts';
import { FormErrors } from '../../../src/web/forms.ts';

const ref = defaultReference();

function saved(over: Partial<AlertPreferences> = {}): AlertPreferences {
  return { ...defaultPreferences('GB-X'), updatedAt: '2026-06-01T00:00:00.000Z', ...over };
}

describe('the alert preferences form', () => {
  it('when saved preferences are shown and saved again unchanged, then the same choice comes back', () => {
    for (const prefs of [
      saved(),
      saved({ serviceCodes: ['85311300'], areaCodes: ['E07000041', 'E10000008'], minimumValueGbp: 250_000, frequency: 'daily' }),
      saved({ vcseSuitableOnly: true, frequency: 'never', email: 'bids@example.org', webhookUrl: 'https://example.org/hook' }),
    ]) {
      const errors = new FormErrors();
      const input = preferencesInputOf(formOfPreferences(prefs), ref, errors);
      expect(errors.summary()).toEqual([]);
      expect(changedPreferenceFields(prefs, { ...prefs, ...input })).toEqual([]);
      expect(input?.serviceCodes).toEqual(prefs.serviceCodes); // "own" stays absent, a list stays a list
    }
  });

  it('when a service is typed and Save pressed, then it is added, the list is chosen, and a vague name stays in the box with the choices', () => {
    const body = { services: 'own', frequency: 'weekly', addService: '85311300', action: 'save' };
    const errors = new FormErrors();
    const { form, pending, action } = applyPreferenceEdits(formOfBody(body), body, ref, errors);
    expect(action).toBe('save');
    expect(form).toMatchObject({ services: 'chosen', serviceCodes: ['85311300'], places: 'own' });
    expect(pending.service).toBe('');

    const vague = { ...body, addService: 'welfare' };
    const again = applyPreferenceEdits(formOfBody(vague), vague, ref, new FormErrors());
    expect(again.pending.service).toBe('welfare');
    const kept = new FormErrors();
    applyPreferenceEdits(formOfBody(vague), vague, ref, kept);
    expect(kept.summary()[0]).toMatchObject({ href: '#addService', text: expect.stringContaining('More than one service matches') });
  });

  it('when a list is full, then one more is refused on its box; a removed code goes; an unknown action is a save', () => {
    const full = Array.from({ length: PREFERENCE_FORM_LIMITS.services }, (_, i) => String(85000000 + i));
    const body = { services: 'chosen', service: full, addService: '85311300', action: 'add-service' };
    const errors = new FormErrors();
    const { form } = applyPreferenceEdits(formOfBody(body), body, ref, errors);
    expect(form.serviceCodes).toHaveLength(PREFERENCE_FORM_LIMITS.services);
    expect(errors.field('addService')?.text).toBe(`Choose at most ${PREFERENCE_FORM_LIMITS.services} services here`);
    expect(form.serviceCodes).not.toContain('85311300');
    const kept = applyPreferenceEdits(formOfBody(body), body, ref, new FormErrors());
    expect(kept.pending.service).toBe('85311300'); // the refused text stays in its box

    // A code that is already listed is never "too many": it is taken in and the box empties.
    const listed = ['85311300', ...full.slice(1)];
    const again = { ...body, service: listed, addService: '85311300' };
    const agained = new FormErrors();
    const twice = applyPreferenceEdits(formOfBody(again), again, ref, agained);
    expect(agained.any).toBe(false);
    expect(twice.form.serviceCodes).toEqual(listed);
    expect(twice.pending.service).toBe('');

    const remove = { places: 'chosen', area: ['E07000041', 'E06000026'], action: 'remove-area:E07000041' };
    expect(applyPreferenceEdits(formOfBody(remove), remove, ref, new FormErrors()).form.areaCodes).toEqual(['E06000026']);
    const odd = { action: 'drop-tables:now' };
    expect(applyPreferenceEdits(formOfBody(odd), odd, ref, new FormErrors()).action).toBe('save');
  });

  it('when any form is posted, then what the form accepts the API accepts, and every refusal names a field of the page', () => {
    const text = fc.oneof(fc.constant(''), fc.string({ maxLength: 40 }), fc.constantFrom('100k', '2.5m', '-1', '1e13', 'bids@example.org'));
    const codes = fc.array(fc.oneof(fc.constantFrom('85311300', '85312310', 'E07000041', 'E99999999'), fc.string({ maxLength: 10 })), {
      maxLength: 4,
    });
    fc.assert(
      fc.property(
        fc.record({
          services: fc.constantFrom('own', 'chosen', 'other'),
          service: codes,
          places: fc.constantFrom('own', 'chosen'),
          area: codes,
          minimumValueGbp: text,
          vcseSuitableOnly: fc.constantFrom('yes', '', 'no'),
          frequency: fc.constantFrom('daily', 'weekly', 'never', 'hourly', ''),
          email: text,
          webhookUrl: fc.oneof(text, fc.constantFrom('https://example.org/h', 'ftp://example.org', 'http://')),
        }),
        (body) => {
          const errors = new FormErrors();
          const input = preferencesInputOf(formOfBody(body), ref, errors);
          if (input) {
            expect(errors.any).toBe(false);
            expect(AlertPreferencesInput.safeParse(input).success).toBe(true);
          } else {
            expect(errors.any).toBe(true);
            for (const e of errors.summary()) expect(PREFERENCE_FIELDS).toContain(e.href.slice(1));
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('when lists hold the same codes in another order, then nothing changed; any other difference is named', () => {
    const before = saved({ serviceCodes: ['85311300', '85312310'], email: 'a@example.org' });
    expect(changedPreferenceFields(before, { ...before, serviceCodes: ['85312310', '85311300'] })).toEqual([]);
    expect(changedPreferenceFields(before, { ...before, serviceCodes: undefined, email: undefined, frequency: 'daily' })).toEqual([
      'serviceCodes',
      'frequency',
      'email',
    ]);
  });
});
