/** Finding services and places from typed text, and the tender form's parsing: hand-checked answers on the real reference data. */
import { describe, expect, it } from 'vitest';
import { placeText, resolvePlace, resolveService, serviceText, suggestPlaces, suggestServices } from '../../../src/reference/find.ts';
import { defaultReference } from '../../../src/reference/load.ts';
import { searchWords } from '../../../src/shared/search-words.ts';
import { FormErrors } from '../../../src/web/forms.ts';
import {
  TENDER_FORM_LIMITS,
  applyEdits,
  parseMoney,
  tenderChoiceOf,
  tenderFormOf,
  tenderInputOf,
  tenderParams,
} from '../../../src/web/tender-form.ts';

const ref = defaultReference();

describe('searchWords', () => {
  it('when text has accents, capitals and punctuation, then words are bare lower-case letters and digits', () => {
    expect(searchWords("St Mary's Café, Plymouth (2024)")).toEqual(['st', 'mary', 's', 'cafe', 'plymouth', '2024']);
    expect(searchWords('a b c d', 2)).toEqual(['a', 'b']);
  });
});

describe('finding services', () => {
  it('when a code, a suggestion or a full label is typed, then that service is found', () => {
    for (const typed of ['85311100', '85311100-5', '85311100 Welfare services for the elderly', 'welfare services for the elderly'])
      expect(resolveService(ref.cpv, typed)).toMatchObject({ kind: 'found', value: { code: '85311100' } });
  });

  it('when an unknown code, nothing or something vague is typed, then it says which', () => {
    expect(resolveService(ref.cpv, '12345678')).toEqual({ kind: 'unknown-code', code: '12345678' });
    expect(resolveService(ref.cpv, 'qwertyuiop')).toEqual({ kind: 'none' });
    const vague = resolveService(ref.cpv, 'welfare');
    expect(vague.kind).toBe('several');
  });

  it('when words are typed, then public-service codes come first and each suggestion holds every word', () => {
    const suggestions = suggestServices(ref.cpv, 'welfare eld');
    expect(suggestions.map(serviceText)).toEqual(['85311100 Welfare services for the elderly']);
    expect(suggestServices(ref.cpv, 'care')[0].code.slice(0, 2)).toMatch(/^(85|80|92|75|79|98)$/);
    expect(suggestServices(ref.cpv, '8531').every((e) => e.code.startsWith('8531'))).toBe(true);
  });
});

describe('finding places', () => {
  it('when a name is typed in full, then that place is found; a suggestion or code too', () => {
    expect(resolvePlace(ref.geography, 'exeter')).toMatchObject({ kind: 'found', value: { code: 'E07000041' } });
    expect(resolvePlace(ref.geography, 'Devon')).toMatchObject({ kind: 'found', value: { code: 'E10000008' } });
    expect(resolvePlace(ref.geography, 'Exeter, local authority in Devon (E07000041)')).toMatchObject({ value: { code: 'E07000041' } });
    expect(resolvePlace(ref.geography, 'e06000026')).toMatchObject({ value: { name: 'Plymouth' } });
  });

  it('when a name fits several places or none, or a code is unknown, then it says which', () => {
    const several = resolvePlace(ref.geography, 'newcastle');
    expect(several.kind).toBe('several');
    if (several.kind === 'several') expect(several.alternatives.map((a) => a.code).sort()).toEqual(['E07000195', 'E08000021']);
    expect(resolvePlace(ref.geography, 'Atlantis')).toEqual({ kind: 'none' });
    expect(resolvePlace(ref.geography, 'E99999999')).toEqual({ kind: 'unknown-code', code: 'E99999999' });
  });

  it('when places are suggested, then a district says its county and a unitary authority does not', () => {
    expect(suggestPlaces(ref.geography, 'exet').map((a) => placeText(ref.geography, a))).toEqual([
      'Exeter, local authority in Devon (E07000041)',
    ]);
    expect(placeText(ref.geography, ref.geography.get('E06000026')!)).toBe('Plymouth, local authority (E06000026)');
  });
});

describe('the tender form', () => {
  const query = {
    title: 'Care at home',
    service: ['85311100', '85312310'],
    'lotOf.85312310': '1',
    area: 'E07000041',
    lot: 'Guidance',
    value: '£2,500,000',
    'deadline-day': '15',
    'deadline-month': '1',
    'deadline-year': '2027',
  };

  it('when a described tender is read, then lots, areas, value and deadline become the use cases’ tender', () => {
    const errors = new FormErrors();
    const input = tenderInputOf(tenderFormOf(query), ref, errors);
    expect(errors.any).toBe(false);
    expect(input).toMatchObject({
      title: 'Care at home',
      cpvCodes: ['85311100'],
      lots: [{ id: '1', title: 'Guidance', cpvCodes: ['85312310'] }],
      deliveryAreas: ['E07000041'],
      valueGbp: 2_500_000,
      submissionDeadline: '2027-01-15T12:00:00Z',
    });
  });

  it('when a tender travels to the next page, then reading its parameters back gives the same form', () => {
    const choice = tenderChoiceOf(query)!;
    const back = tenderChoiceOf(Object.fromEntries(groupPairs(tenderParams(choice))));
    expect(back).toEqual(choice);
    expect(tenderChoiceOf({ tender: 'CNS-TENDER-0001', title: 'ignored' })).toEqual({ kind: 'stored', id: 'CNS-TENDER-0001' });
  });

  it('when a list is full, then a new code is refused on its box and kept there, and a code already listed is not', () => {
    const full = Array.from({ length: TENDER_FORM_LIMITS.areas }, (_, i) => `E0700${String(i).padStart(4, '0')}`);
    const form = tenderFormOf({ title: 'Care', area: full });
    expect(form.areas).toHaveLength(TENDER_FORM_LIMITS.areas);

    const refused = new FormErrors();
    const added = applyEdits(form, { addArea: 'E06000026' }, ref, refused);
    expect(refused.field('addArea')?.text).toBe(`A tender can list at most ${TENDER_FORM_LIMITS.areas} places here`);
    expect(added.form.areas).toEqual(full);
    expect(added.pending.area).toBe('E06000026');

    const fine = new FormErrors();
    const lots = Array.from({ length: TENDER_FORM_LIMITS.lots }, (_, i) => `Lot ${i + 1}`);
    const again = applyEdits(tenderFormOf({ title: 'Care', lot: lots }), { addLot: 'Lot 3' }, ref, fine);
    expect(fine.any).toBe(false);
    expect(again.form.lots).toEqual(lots);
    expect(again.pending.lot).toBe('');
  });

  it('when a lot is removed, then its services go back to the whole tender and later lots move up', () => {
    const form = tenderFormOf({ ...query, lot: ['A', 'B'], 'lotOf.85311100': '2', action: 'remove-lot:1' });
    const { form: next } = applyEdits(form, { action: 'remove-lot:1' }, ref, new FormErrors());
    expect(next.lots).toEqual(['B']);
    expect(next.services).toEqual([
      { code: '85311100', lot: '1' },
      { code: '85312310', lot: '' },
    ]);
  });

  it('when the value or the date is wrong, then each error is on its field', () => {
    const errors = new FormErrors();
    tenderInputOf(tenderFormOf({ ...query, value: 'lots', 'deadline-day': '31', 'deadline-month': '2' }), ref, errors);
    expect(errors.summary().map((e) => e.href)).toEqual(['#value', '#deadline-day']);
    expect(parseMoney('6m')).toBe(6_000_000);
    expect(parseMoney('250k')).toBe(250_000);
    expect(parseMoney('')).toBeUndefined();
    expect(parseMoney('1e99')).toBeNull();
  });
});

/** URLSearchParams-style pairs → a parsed query object (repeated keys become arrays), as Express gives it. */
function groupPairs(pairs: [string, string][]): [string, string | string[]][] {
  const map = new Map<string, string[]>();
  for (const [k, v] of pairs) map.set(k, [...(map.get(k) ?? []), v]);
  return [...map].map(([k, v]) => [k, v.length === 1 ? v[0] : v]);
}
