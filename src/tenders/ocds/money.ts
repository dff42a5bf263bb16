/**
 * Money in OCDS releases: Value objects ({amount, currency}) and the amounts stated in free-text selection
 * criteria ("a minimum “general” yearly turnover of GBP 400 000", "turnover of at least £20m").
 */
import { isObject, str } from '../../shared/loose-json.ts';

export const MONEY_DEFAULTS = {
  /** Values below this (GBP) are placeholders such as £0.01 and are dropped. */
  minPlausibleGbp: 1,
  /** Values above this (GBP) are typing or unit errors (£50bn is beyond any UK service contract) and are dropped. */
  maxPlausibleGbp: 5e10,
} as const;

export type MoneyBounds = { minPlausibleGbp: number; maxPlausibleGbp: number };

/**
 * The amount of an OCDS Value in GBP, or undefined when absent or unusable; each unusable value adds a
 * warning naming `what` (non-finite, negative, implausible, not GBP). A missing currency is taken as GBP
 * (every UK portal publishes in GBP) with a warning.
 */
export function readGbp(value: unknown, what: string, warnings: string[], bounds: MoneyBounds = MONEY_DEFAULTS): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isObject(value)) {
    warnings.push(`${what} dropped: not a Value object`);
    return undefined;
  }
  const raw = value.amount;
  if (raw === undefined || raw === null) return undefined;
  const amount = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw.replace(/[,£\s]/g, '')) : NaN;
  const currency = str(value.currency)?.toUpperCase();
  if (!Number.isFinite(amount)) {
    warnings.push(`${what} dropped: amount ${JSON.stringify(raw)} is not a finite number`);
    return undefined;
  }
  if (currency !== undefined && currency !== 'GBP') {
    warnings.push(`${what} dropped: currency ${currency}, only GBP is used`);
    return undefined;
  }
  if (amount < 0) {
    warnings.push(`${what} dropped: negative amount ${amount}`);
    return undefined;
  }
  if (amount < bounds.minPlausibleGbp || amount > bounds.maxPlausibleGbp) {
    warnings.push(`${what} dropped: £${amount} is outside the plausible range £${bounds.minPlausibleGbp}–£${bounds.maxPlausibleGbp}`);
    return undefined;
  }
  if (currency === undefined) warnings.push(`${what}: no currency given, taken as GBP`);
  return amount;
}

// A number starts where no digit or decimal point precedes it and has bounded parts, so the regex does a bounded amount
// of work from each place it tries (an unbounded \d+ made a megabyte of digits take time quadratic in its length).
// Amounts beyond 15 digits are implausible anyway (MONEY_DEFAULTS).
const NUMBER = String.raw`(?<![\d.])(?:\d{1,3}(?:[ ,\u00a0]\d{3}){1,5}|\d{1,15})(?!\d)(?:\.\d{1,6})?`;
const SCALE = String.raw`(?:\s?(?:bn|billion|mn|million|m|k)\b)?`;
/** "£1.5m", "£ 20 million", "GBP 400 000", "400,000 GBP", "1 300,000 GBP", "0.607m GBP", "5M GBP", "£200k" */
const AMOUNT = new RegExp(
  String.raw`(?:£\s?|\bGBP\s?)(${NUMBER})(${SCALE})|(${NUMBER})(${SCALE})\s?(?:GBP\b|pounds\b|pounds sterling\b)`,
  'gi',
);

export interface MoneyMention {
  amount: number;
  /** character offsets of the match in the text */
  start: number;
  end: number;
}

/** Every GBP amount written in `text`, with where it is. */
export function gbpAmountsIn(text: string): MoneyMention[] {
  const out: MoneyMention[] = [];
  for (const m of text.matchAll(AMOUNT)) {
    const digits = m[1] ?? m[3];
    const scale = (m[2] ?? m[4] ?? '').trim().toLowerCase();
    const base = Number(digits.replace(/[ ,\u00a0]/g, ''));
    const factor =
      scale === 'bn' || scale === 'billion' ? 1e9 : scale === 'm' || scale === 'mn' || scale === 'million' ? 1e6 : scale === 'k' ? 1e3 : 1;
    if (Number.isFinite(base)) out.push({ amount: base * factor, start: m.index, end: m.index + m[0].length });
  }
  return out;
}

/** Words that, between "turnover" and an amount, show the amount is about something else. */
const OTHER_SUBJECT = /\b(insurance|indemnity|liability|employer|cover|ratio|contract value|value of the contract|profit|net assets)\b/i;
const TURNOVER = /turnover/gi;

/**
 * The minimum turnover (GBP) stated in selection-criteria text, or undefined. An amount counts when "turnover"
 * appears shortly before it (within 160 characters) or just after it in the same sentence (within 40: "£20m turnover") with
 * nothing in between about insurance, liability, ratios or the contract value. When several amounts qualify
 * (general and specific turnover, or one per lot) the largest is returned: the bar a bidder for the whole
 * tender must clear.
 */
export function minimumTurnoverIn(text: string): number | undefined {
  const turnoverAt = [...text.matchAll(TURNOVER)].map((m) => m.index);
  if (turnoverAt.length === 0) return undefined;
  let best: number | undefined;
  // Mentions come in text order, so the first "turnover" that can still count only moves forward: each mention looks
  // at the few within its window (160 characters before it, 40 after), not at every one in the text.
  let first = 0;
  for (const mention of gbpAmountsIn(text)) {
    while (first < turnoverAt.length && turnoverAt[first] < mention.start - BEFORE) first++;
    let qualifies = false;
    for (let k = first; k < turnoverAt.length && turnoverAt[k] <= mention.end + AFTER && !qualifies; k++) {
      const t = turnoverAt[k];
      if (t < mention.start) qualifies = !OTHER_SUBJECT.test(text.slice(t, mention.start));
      else if (t >= mention.end) {
        const between = text.slice(mention.end, t);
        qualifies = !/[.;:\n]/.test(between) && !OTHER_SUBJECT.test(between);
      }
    }
    if (qualifies && (best === undefined || mention.amount > best)) best = mention.amount;
  }
  return best;
}

/** How far before an amount "turnover" may stand, and how far after it, in characters. */
const BEFORE = 160;
const AFTER = 40;
