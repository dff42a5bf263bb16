/**
 * Reading form fields (query strings and url-encoded bodies) and reporting their errors the GOV.UK way: an error
 * summary whose every entry links to its field (`#<field id>`), and the same message beside the field. Every value
 * read is bounded: at most `maxLength` characters, at most `maxItems` values of a repeated field.
 */
import type { FieldIssue } from '../shared/errors.ts';

export type Fields = Record<string, unknown>;

export const FORM_LIMITS = Object.freeze({ maxLength: 300, maxItems: 100 });

/** The first value of a field, trimmed and cut; '' when absent. */
export function one(fields: Fields, name: string, maxLength: number = FORM_LIMITS.maxLength): string {
  const value = fields[name];
  const first: unknown = Array.isArray(value) ? (value as unknown[])[0] : value;
  return typeof first === 'string' ? first.slice(0, maxLength).trim() : '';
}

/** Every non-empty value of a repeated field, trimmed, cut and deduplicated, at most `maxItems`. */
export function many(fields: Fields, name: string, maxItems: number = FORM_LIMITS.maxItems, maxLength = 100): string[] {
  const value = fields[name];
  const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
  const out: string[] = [];
  for (const item of list.slice(0, maxItems * 2)) {
    if (typeof item !== 'string') continue;
    const text = item.slice(0, maxLength).trim();
    if (text !== '' && !out.includes(text)) out.push(text);
    if (out.length >= maxItems) break;
  }
  return out;
}

/** Whether the field was sent at all (a submitted search with an empty box, as opposed to a first visit). */
export function sent(fields: Fields, name: string): boolean {
  return fields[name] !== undefined;
}

/** Errors of one form, by field id, in the order they were found (the order of the error summary). */
export class FormErrors {
  private readonly byField = new Map<string, string>();

  add(field: string, message: string): this {
    if (!this.byField.has(field)) this.byField.set(field, message);
    return this;
  }

  get any(): boolean {
    return this.byField.size > 0;
  }

  /** The message for the field, as govuk macros take it (`errorMessage: errors.field('title')`); undefined when none. */
  field(name: string): { text: string } | undefined {
    const text = this.byField.get(name);
    return text === undefined ? undefined : { text };
  }

  /** The same errors in the order their fields appear on the page (a field matches the first prefix it starts with). */
  ordered(fieldPrefixes: readonly string[]): FormErrors {
    const rank = (field: string) => {
      const i = fieldPrefixes.findIndex((p) => field.startsWith(p));
      return i < 0 ? fieldPrefixes.length : i;
    };
    const sorted = new FormErrors();
    for (const [field, text] of [...this.byField].sort((a, b) => rank(a[0]) - rank(b[0]))) sorted.add(field, text);
    return sorted;
  }

  /** The error summary's list: each entry links to its field. */
  summary(): { text: string; href: string }[] {
    return [...this.byField].map(([field, text]) => ({ text, href: `#${field}` }));
  }

  /** What templates need: the summary list and each field's message. */
  view(): { errors: { text: string; href: string }[]; fieldErrors: Record<string, { text: string }> } {
    return { errors: this.summary(), fieldErrors: Object.fromEntries([...this.byField].map(([f, text]) => [f, { text }])) };
  }
}

/**
 * A use case's ValidationError issues → this form's fields. `fieldOf` maps an issue path ("tender.cpvCodes.1") to
 * the field id that should carry it; issues it cannot place go on `fallback`.
 */
export function issuesToErrors(
  issues: readonly FieldIssue[],
  fieldOf: (path: string) => string | undefined,
  fallback: string,
  errors = new FormErrors(),
): FormErrors {
  for (const issue of issues) errors.add(fieldOf(issue.path) ?? fallback, sentenceCase(issue.message));
  return errors;
}

function sentenceCase(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * Takes in what was typed into one add box of a list (services, places, lots): the code it resolved to joins `codes`
 * once, within `limit`; a code already listed is never "too many". A problem goes on the box, and the typed text is
 * returned to be kept in it; '' once taken in (or when nothing was typed).
 */
export function takeCode(
  typed: string,
  resolved: { code: string } | { problem: string } | undefined,
  codes: string[],
  field: string,
  limit: { max: number; tooMany: string },
  errors: FormErrors,
): string {
  if (!typed || !resolved) return '';
  if ('problem' in resolved) {
    errors.add(field, resolved.problem);
    return typed;
  }
  if (codes.includes(resolved.code)) return '';
  if (codes.length >= limit.max) {
    errors.add(field, limit.tooMany);
    return typed;
  }
  codes.push(resolved.code);
  return '';
}
