/**
 * The tender a bid manager picks or describes, carried from page to page in the query string (no session: the
 * results, compare and consortia pages are plain links that can be bookmarked and shared):
 *   tender=<id>                       a stored (or imported) tender, or
 *   title, service (CPV, repeated), area (GSS, repeated), value, deadline-day/-month/-year,
 *   lot (lot titles, repeated), lotOf.<cpv>=<lot number>     a tender described on the form.
 * The describe page also sends addService/addArea/addLot (what was typed) and `action` (which button).
 * Nothing here is stored: a described tender goes to the use cases inline, as `tender` in the JSON API.
 */
import { resolvePlace, resolveService, placeText, serviceText, type Found } from '../reference/find.ts';
import type { Area, CpvEntry, Reference } from '../reference/types.ts';
import type { z } from 'zod';
import { TenderInput } from '../tenders/schema.ts';
import { FormErrors, many, one, takeCode, type Fields } from './forms.ts';

export const TENDER_FORM_LIMITS = Object.freeze({ services: 50, areas: 100, lots: 20, title: 300 });

export interface TenderForm {
  title: string;
  services: { code: string; lot: string }[];
  areas: string[];
  value: string;
  deadline: { day: string; month: string; year: string };
  lots: string[];
}

export type TenderChoice = { kind: 'stored'; id: string } | { kind: 'described'; form: TenderForm };

/** The tender named by the query: a stored id, a described tender, or undefined when neither is there. */
export function tenderChoiceOf(query: Fields): TenderChoice | undefined {
  const id = one(query, 'tender', 200);
  if (id) return { kind: 'stored', id };
  if (one(query, 'title') === '' && many(query, 'service').length === 0) return undefined;
  return { kind: 'described', form: tenderFormOf(query) };
}

export function tenderFormOf(query: Fields): TenderForm {
  const lots = many(query, 'lot', TENDER_FORM_LIMITS.lots, 200);
  return {
    title: one(query, 'title', TENDER_FORM_LIMITS.title),
    services: many(query, 'service', TENDER_FORM_LIMITS.services, 20).map((code) => ({ code, lot: one(query, `lotOf.${code}`, 3) })),
    areas: many(query, 'area', TENDER_FORM_LIMITS.areas, 20),
    value: one(query, 'value', 40),
    deadline: { day: one(query, 'deadline-day', 4), month: one(query, 'deadline-month', 4), year: one(query, 'deadline-year', 6) },
    lots,
  };
}

/** The query-string pairs that carry the choice to the next page. */
export function tenderParams(choice: TenderChoice): [string, string][] {
  if (choice.kind === 'stored') return [['tender', choice.id]];
  const f = choice.form;
  const pairs: [string, string][] = [['title', f.title]];
  for (const s of f.services) pairs.push(['service', s.code]);
  for (const s of f.services) if (s.lot) pairs.push([`lotOf.${s.code}`, s.lot]);
  for (const a of f.areas) pairs.push(['area', a]);
  for (const l of f.lots) pairs.push(['lot', l]);
  if (f.value) pairs.push(['value', f.value]);
  if (f.deadline.day || f.deadline.month || f.deadline.year)
    pairs.push(['deadline-day', f.deadline.day], ['deadline-month', f.deadline.month], ['deadline-year', f.deadline.year]);
  return pairs;
}

export function tenderQueryString(choice: TenderChoice, extra: [string, string][] = []): string {
  return new URLSearchParams([...tenderParams(choice), ...extra]).toString();
}

/**
 * Takes in what was typed into the add boxes (a service, a place, a lot title), and applies a remove button.
 * Returns the updated form; problems go into `errors`, keyed by the box's id, and the typed text is kept.
 */
export function applyEdits(
  form: TenderForm,
  query: Fields,
  ref: Reference,
  errors: FormErrors,
): { form: TenderForm; pending: { service: string; area: string; lot: string } } {
  const next: TenderForm = { ...form, services: [...form.services], areas: [...form.areas], lots: [...form.lots] };
  const pending = { service: '', area: '', lot: '' };

  const typedService = one(query, 'addService', 200);
  const serviceCodes = next.services.map((s) => s.code);
  pending.service = takeCode(
    typedService,
    typedService ? serviceFound(ref, typedService) : undefined,
    serviceCodes,
    'addService',
    tooMany('services'),
    errors,
  );
  next.services = serviceCodes.map((code) => next.services.find((s) => s.code === code) ?? { code, lot: '' });

  const typedArea = one(query, 'addArea', 200);
  pending.area = takeCode(typedArea, typedArea ? areaFound(ref, typedArea) : undefined, next.areas, 'addArea', tooMany('areas'), errors);

  const typedLot = one(query, 'addLot', 200);
  pending.lot = takeCode(typedLot, { code: typedLot }, next.lots, 'addLot', tooMany('lots'), errors);

  const action = one(query, 'action', 60);
  const [verb, what] = action.split(':', 2);
  if (verb === 'remove-service') next.services = next.services.filter((s) => s.code !== what);
  if (verb === 'remove-area') next.areas = next.areas.filter((a) => a !== what);
  if (verb === 'remove-lot') {
    const index = Number(what);
    if (Number.isInteger(index) && index >= 1 && index <= next.lots.length) {
      next.lots.splice(index - 1, 1);
      // Services in the removed lot go back to the whole tender; later lots move up one.
      next.services = next.services.map((s) => {
        const lot = Number(s.lot);
        if (!s.lot || !Number.isInteger(lot)) return s;
        return { ...s, lot: lot === index ? '' : lot > index ? String(lot - 1) : s.lot };
      });
    }
  }
  return { form: next, pending };
}

/** A list's limit on the tender form, and what the box says when it is reached. */
function tooMany(kind: 'services' | 'areas' | 'lots'): { max: number; tooMany: string } {
  const max = TENDER_FORM_LIMITS[kind];
  return { max, tooMany: `A tender can list at most ${max} ${kind === 'areas' ? 'places' : kind} here` };
}

export function serviceFound(ref: Reference, typed: string): { code: string } | { problem: string } {
  const found = resolveService(ref.cpv, typed);
  return found.kind === 'found' ? { code: found.value.code } : { problem: serviceProblem(found, typed) };
}

export function areaFound(ref: Reference, typed: string): { code: string } | { problem: string } {
  const found = resolvePlace(ref.geography, typed);
  return found.kind === 'found' ? { code: found.value.code } : { problem: placeProblem(found, typed, ref) };
}

/** Checks a described tender and builds the use cases' TenderInput; undefined when `errors` got any. */
export function tenderInputOf(form: TenderForm, ref: Reference, errors: FormErrors): z.output<typeof TenderInput> | undefined {
  if (form.title === '') errors.add('title', 'Enter the tender’s title');
  if (form.services.length === 0) errors.add('addService', 'Add at least one service the tender asks for');
  for (const s of form.services)
    if (!ref.cpv.has(s.code))
      errors.add(
        'addService',
        `${s.code} is not a CPV code. Remove it, and enter an 8-digit code such as 85311100, or part of a service’s name`,
      );
  for (const code of form.areas)
    if (!ref.geography.has(code)) errors.add('addArea', `${code} is not an area code we know. Remove it, and enter an authority’s name`);

  const lotCodes = form.lots.map(() => [] as string[]);
  const whole: string[] = [];
  for (const s of form.services) {
    const lot = Number(s.lot);
    if (s.lot && Number.isInteger(lot) && lot >= 1 && lot <= form.lots.length) lotCodes[lot - 1].push(s.code);
    else if (s.lot) errors.add(`lot-for-${s.code}`, `Choose a lot for ${s.code}, or the whole tender`);
    else whole.push(s.code);
  }
  form.lots.forEach((title, i) => {
    if (lotCodes[i].length === 0)
      errors.add(
        `lot-for-${form.services[0]?.code ?? 'none'}`,
        `Lot ${i + 1} (${title}) has no services: choose it for at least one service`,
      );
  });

  const valueGbp = parseMoney(form.value);
  if (valueGbp === null) errors.add('value', 'Enter the contract value in pounds, like 6000000, 6,000,000 or 6m');

  const deadline = parseDate(form.deadline, errors);
  if (errors.any) return undefined;
  const input = {
    title: form.title,
    cpvCodes: whole,
    lots: form.lots.map((title, i) => ({ id: String(i + 1), title, cpvCodes: lotCodes[i] })),
    deliveryAreas: form.areas,
    ...(typeof valueGbp === 'number' ? { valueGbp } : {}),
    ...(deadline ? { submissionDeadline: deadline } : {}),
  };
  // The API's own schema has the last word (lengths, shapes): what passes here, the use cases accept.
  const checked = TenderInput.safeParse(input);
  if (!checked.success) {
    for (const issue of checked.error.issues) errors.add(fieldOfPath(issue.path.map(String).join('.')), issue.message);
    return undefined;
  }
  return checked.data;
}

/** A path in TenderInput → the form field that sets it. */
export function fieldOfPath(path: string): string {
  if (path.startsWith('title')) return 'title';
  if (path.startsWith('deliveryAreas')) return 'addArea';
  if (path.startsWith('lots')) return 'addLot';
  if (path.startsWith('valueGbp')) return 'value';
  if (path.startsWith('submissionDeadline')) return 'deadline-day';
  return 'addService';
}

/** The rows the describe page and the results page show for a described tender. */
export function describedRows(form: TenderForm, ref: Reference) {
  return {
    services: form.services.map((s) => ({ ...s, text: ref.cpv.get(s.code) ? serviceText(ref.cpv.get(s.code)!) : s.code })),
    areas: form.areas.map((code) => ({ code, text: ref.geography.get(code) ? placeText(ref.geography, ref.geography.get(code)!) : code })),
  };
}

/** '' → undefined (not given); '6m', '£6,000,000', '250k' → pounds; null when not a number. */
export function parseMoney(text: string): number | undefined | null {
  const t = text.replace(/[£,\s]/g, '').toLowerCase();
  if (t === '') return undefined;
  const m = /^(\d+(?:\.\d+)?)(k|m|bn)?$/.exec(t);
  if (!m) return null;
  const amount = Number(m[1]) * (m[2] === 'k' ? 1e3 : m[2] === 'm' ? 1e6 : m[2] === 'bn' ? 1e9 : 1);
  return Number.isFinite(amount) && amount <= 1e12 ? Math.round(amount) : null;
}

/** GOV.UK date input → ISO date-time at noon UTC; messages follow the Design System's date-input pattern. */
function parseDate(d: TenderForm['deadline'], errors: FormErrors): string | undefined {
  const parts = { day: d.day, month: d.month, year: d.year };
  const given = Object.values(parts).filter((p) => p !== '').length;
  if (given === 0) return undefined;
  const missing = (Object.keys(parts) as (keyof typeof parts)[]).filter((k) => parts[k] === '');
  if (missing.length > 0) {
    errors.add(`deadline-${missing[0]}`, `The deadline must include a ${missing.join(' and a ')}`);
    return undefined;
  }
  const [day, month, year] = [Number(d.day), Number(d.month), Number(d.year)];
  const date = new Date(Date.UTC(year, month - 1, day, 12));
  const real =
    Number.isInteger(day) && Number.isInteger(month) && Number.isInteger(year) && year >= 2000 && year <= 2100 && date.getUTCDate() === day;
  if (!real || date.getUTCMonth() !== month - 1) {
    errors.add('deadline-day', 'The deadline must be a real date, like 15 1 2027');
    return undefined;
  }
  return date.toISOString().replace('.000Z', 'Z');
}

function serviceProblem(found: Exclude<Found<CpvEntry>, { kind: 'found' }>, typed: string): string {
  switch (found.kind) {
    case 'unknown-code':
      return `${found.code} is not a CPV code. Enter an 8-digit code such as 85311100, or part of a service’s name`;
    case 'none':
      return `No service is called anything like “${typed}”. Enter part of a service’s name, or its 8-digit CPV code`;
    case 'several':
      return `More than one service matches “${typed}”: enter more of its name, or its code — for example ${found.alternatives.map(serviceText).join('; ')}`;
  }
}

function placeProblem(found: Exclude<Found<Area>, { kind: 'found' }>, typed: string, ref: Reference): string {
  switch (found.kind) {
    case 'unknown-code':
      return `${found.code} is not an area code we know. Enter an authority’s name, like Exeter or Devon`;
    case 'none':
      return `No authority, county or region is called anything like “${typed}”. Enter its name, like Exeter or Devon`;
    case 'several':
      return `More than one place matches “${typed}”: enter more of its name — for example ${found.alternatives.map((a) => placeText(ref.geography, a)).join('; ')}`;
  }
}

/** What the describe-a-tender page shows of the form, whichever journey it is in (finding partners or the market). */
export function describedFormView(form: TenderForm, pending: unknown, ref: Reference) {
  return {
    form,
    rows: describedRows(form, ref),
    pending,
    limits: TENDER_FORM_LIMITS,
    lotItems: [
      { value: '', text: 'Whole tender' },
      ...form.lots.map((title, i) => ({ value: String(i + 1), text: `Lot ${i + 1}: ${title}` })),
    ],
  };
}
