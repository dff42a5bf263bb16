/**
 * Registration numbers as funders type them → org-id identifiers (https://org-id.guide):
 * GB-CHC-<E&W charity no>, GB-SC-SC<6 digits> (OSCR), GB-NIC-<6 digits> (CCNI), GB-COH-<8-character company no>.
 *
 * Real 360Giving files hold "1010178.0" (a spreadsheet float), " 1153055 ", "CN1002721", "SC 036 733",
 * "NIC101036", "1077265/1" (a linked charity: the parent number is used), "IP28755R", "N/A", "Excepted"…
 */
import { OrgId } from '../../shared/codes.ts';

export type Scheme = 'GB-CHC' | 'GB-SC' | 'GB-NIC' | 'GB-COH';

export type NumberReading =
  | { ok: true; id: string; scheme: Scheme }
  /** no number given, or a placeholder such as "N/A" or "Excepted" */
  | { ok: true; id?: undefined }
  | { ok: false; problem: string };

const NONE = /^(?:N\/?A|NONE|NIL|NOTAPPLICABLE|NOTREGISTERED|EXEMPT|EXCEPTED|PENDING|UNKNOWN|TBC|CIO|SCIO|-+|0+)$/;

function clean(raw: unknown): string | undefined {
  if (typeof raw !== 'string' && typeof raw !== 'number') return undefined;
  const s = String(raw)
    .normalize('NFKC')
    .toUpperCase()
    .replace(/\.0+$/, '')
    .replace(/\s+/g, '')
    .replace(/^(SC|NI)O(?=\d)/, '$10'); // "SCO23976": the letter O typed for a zero
  return s === '' ? undefined : s;
}

/** A charity number (any UK register) → its org-id; NI company numbers written as charity numbers go to GB-COH. */
export function readCharityNumber(raw: unknown): NumberReading {
  let s = clean(raw);
  if (s === undefined) return { ok: true };
  s = s.replace(/^GB-(?:CHC|SC|NIC)-/, '');
  if (NONE.test(s)) return { ok: true };
  let m = /^SC0*(\d{1,6})$/.exec(s);
  if (m) return { ok: true, id: `GB-SC-SC${m[1].padStart(6, '0')}`, scheme: 'GB-SC' };
  m = /^NIC?(1\d{5})$/.exec(s);
  if (m) return { ok: true, id: `GB-NIC-${m[1]}`, scheme: 'GB-NIC' };
  m = /^NI(0\d{1,5})$/.exec(s);
  if (m) return { ok: true, id: `GB-COH-NI${m[1].padStart(6, '0')}`, scheme: 'GB-COH' };
  m = /^(?:CN|CC|RCN)?([1-9]\d{5,6})(?:[/-][0-9A-Z]{1,3})?$/.exec(s);
  if (m) return { ok: true, id: `GB-CHC-${m[1]}`, scheme: 'GB-CHC' };
  return { ok: false, problem: `charity number ${JSON.stringify(String(raw).trim())} is not a UK charity number` };
}

/** Companies House prefixes: Scotland, NI, LLPs, registered societies (IP…R, RS…), CIOs (CE, CS), … */
const COMPANY_PREFIX = /^(SC|NI|OC|SO|NC|R0|LP|SL|NL|GE|FC|SF|NF|SE|RC|SR|SP|SZ|ZC|AC|SA|NA|NZ|IC|SI|NV|ES|CE|CS|RS|NP|NO|NR)(\d{1,6})$/;

export function readCompanyNumber(raw: unknown): NumberReading {
  let s = clean(raw);
  if (s === undefined) return { ok: true };
  s = s.replace(/^GB-COH-/, '');
  if (NONE.test(s)) return { ok: true };
  let m = /^(\d{1,8})$/.exec(s);
  if (m) return { ok: true, id: `GB-COH-${m[1].padStart(8, '0')}`, scheme: 'GB-COH' };
  m = COMPANY_PREFIX.exec(s.replace(/^([A-Z]{2})0+(?=\d{6}$)/, '$1')); // "SC0290434": a zero too many
  if (m) return { ok: true, id: `GB-COH-${m[1]}${m[2].padStart(6, '0')}`, scheme: 'GB-COH' };
  m = /^IP(\d{1,6})R?$/.exec(s);
  if (m) return { ok: true, id: `GB-COH-IP${m[1].padStart(5, '0')}R`, scheme: 'GB-COH' };
  return { ok: false, problem: `company number ${JSON.stringify(String(raw).trim())} is not a Companies House number` };
}

/**
 * An identifier as given by the source, normalised: registered-number schemes re-read through the number
 * readers ("GB-CHC-1010178.0" → "GB-CHC-1010178"); others with inner spaces removed and, when they still are
 * not a valid org-id, every run of other characters replaced by "-" ("360G-ptc-ORG:the-oak,-charing" →
 * "360G-ptc-ORG:the-oak-charing"), which keeps the id stable across imports. Undefined for placeholders
 * ("GB-COH-n/a") and for text that gives no usable id.
 */
export function readGivenId(raw: unknown): { id?: string; rewritten?: boolean } {
  const s = typeof raw === 'string' || typeof raw === 'number' ? String(raw).normalize('NFKC').trim() : '';
  if (s === '') return {};
  const scheme = /^GB-(CHC|SC|NIC|COH)-(.+)$/i.exec(s);
  if (scheme) {
    const kind = scheme[1].toUpperCase();
    // the number part alone is read in the scheme's register: "GB-NIC-100002" is CCNI 100002, not CCEW
    const number = kind === 'NIC' ? `NIC${scheme[2]}` : kind === 'SC' && /^\d/.test(scheme[2]) ? `SC${scheme[2]}` : scheme[2];
    const reading = kind === 'COH' ? readCompanyNumber(number) : readCharityNumber(number);
    if (reading.ok) return reading.id === undefined ? {} : { id: reading.id, ...(reading.id !== s ? { rewritten: true } : {}) };
  }
  const compact = s.replace(/\s+/g, '');
  if (OrgId.safeParse(compact).success) return { id: compact };
  const sanitised = compact
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9._:-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[^A-Za-z0-9]+|[-.:_]+$/g, '')
    .slice(0, 120);
  return OrgId.safeParse(sanitised).success ? { id: sanitised, rewritten: true } : {};
}

/** readGivenId's id alone. */
export function normaliseGivenId(raw: unknown): string | undefined {
  return readGivenId(raw).id;
}

/** Which identifier names the organisation when it has several: charity registers first, then Companies House. */
const PREFERENCE = ['GB-CHC-', 'GB-SC-', 'GB-NIC-', 'GB-COH-', 'GB-NHS-', 'GB-MPR-', 'GB-SHPE-', 'GB-'];

export function identifierRank(id: string): number {
  const i = PREFERENCE.findIndex((p) => id.startsWith(p));
  return i === -1 ? PREFERENCE.length : i;
}

/** The preferred id of a set (lowest rank, then the first given). */
export function preferredId(ids: readonly string[]): string | undefined {
  let best: string | undefined;
  for (const id of ids) if (best === undefined || identifierRank(id) < identifierRank(best)) best = id;
  return best;
}
