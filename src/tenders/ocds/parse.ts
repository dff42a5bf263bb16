/**
 * Reads an OCDS 1.1 document into its releases, each with where it came from, in any of the shapes the UK
 * portals and tools publish: a release package ({releases: […]}), a record package ({records: […]}, taking
 * each record's compiledRelease, else its newest embedded release), a single release, a bare array of
 * releases, or JSON lines (one release or package per line). See https://standard.open-contracting.org/1.1/.
 *
 * Never throws on bad data: what cannot be read is returned in `errors` with its position, so one bad line
 * or record never stops the rest.
 */
import { arr, isObject, parseJsonLenient, str, type JsonObject } from '../../shared/loose-json.ts';

export interface RawRelease {
  release: JsonObject;
  /** 0-based ordinal of the entry (release or error) in the document, in reading order */
  position: number;
  /** where in the document: "releases[3]", "line 7", "line 7 releases[0]", "records[2].compiledRelease" */
  locator: string;
}

export interface OcdsParseError {
  position: number;
  locator: string;
  ocid?: string;
  reason: string;
}

export type OcdsDocumentShape = 'releasePackage' | 'recordPackage' | 'release' | 'releaseArray' | 'jsonLines' | 'unknown';

export interface ParsedOcdsDocument {
  shape: OcdsDocumentShape;
  releases: RawRelease[];
  errors: OcdsParseError[];
}

export function parseOcdsDocument(text: string): ParsedOcdsDocument {
  const out: ParsedOcdsDocument = { shape: 'unknown', releases: [], errors: [] };
  const body = text.replace(/^\uFEFF/, '');
  if (body.trim() === '') {
    out.errors.push({ position: 0, locator: 'document', reason: 'empty document' });
    return out;
  }
  const sink = new Sink(out);
  let whole: unknown;
  let wholeError: unknown;
  try {
    whole = parseJsonLenient(body);
  } catch (err) {
    wholeError = err;
  }
  if (wholeError === undefined) {
    out.shape = shapeOf(whole);
    readValue(whole, '', sink);
    return out;
  }

  // Not one JSON value: JSON lines, when there are several lines and the first is a JSON object by itself
  // (otherwise it is one broken document, reported once rather than line by line).
  const lines = body.split(/\r?\n/);
  const nonEmpty = lines.filter((l) => l.trim() !== '');
  if (nonEmpty.length < 2 || !parsesAsObject(nonEmpty[0])) {
    out.errors.push({ position: 0, locator: 'document', reason: `not valid JSON: ${messageOf(wholeError)}` });
    return out;
  }
  out.shape = 'jsonLines';
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    const locator = `line ${i + 1}`;
    let value: unknown;
    try {
      value = parseJsonLenient(line);
    } catch (err) {
      sink.error(locator, `not valid JSON: ${messageOf(err)}`);
      return;
    }
    readValue(value, `${locator} `, sink);
  });
  return out;
}

class Sink {
  private next = 0;
  constructor(private readonly out: ParsedOcdsDocument) {}
  release(release: JsonObject, locator: string): void {
    this.out.releases.push({ release, position: this.next++, locator });
  }
  error(locator: string, reason: string, ocid?: string): void {
    this.out.errors.push({ position: this.next++, locator: locator.trim() || 'document', reason, ...(ocid ? { ocid } : {}) });
  }
}

function shapeOf(value: unknown): OcdsDocumentShape {
  if (Array.isArray(value)) return 'releaseArray';
  if (!isObject(value)) return 'unknown';
  if (Array.isArray(value.records)) return 'recordPackage';
  if (Array.isArray(value.releases)) return 'releasePackage';
  if ('ocid' in value || 'tender' in value) return 'release';
  return 'unknown';
}

function readValue(value: unknown, prefix: string, sink: Sink): void {
  if (Array.isArray(value)) {
    value.forEach((v, i) => readSingle(v, `${prefix}[${i}]`, sink));
    return;
  }
  if (!isObject(value)) {
    sink.error(prefix, 'not an OCDS release, release package or record package');
    return;
  }
  if (Array.isArray(value.records)) {
    value.records.forEach((record, i) => readRecord(record, `${prefix}records[${i}]`, sink));
    return;
  }
  if (Array.isArray(value.releases)) {
    value.releases.forEach((r, i) => readSingle(r, `${prefix}releases[${i}]`, sink));
    return;
  }
  readSingle(value, prefix, sink);
}

function readSingle(value: unknown, locator: string, sink: Sink): void {
  if (!isObject(value)) {
    sink.error(locator, 'a release must be a JSON object');
    return;
  }
  if (!('ocid' in value) && !('tender' in value)) {
    sink.error(locator, 'not an OCDS release (no ocid and no tender)');
    return;
  }
  sink.release(value, locator.trim());
}

/** A record's compiledRelease when it has one, else its newest embedded release (linked releases carry no data). */
function readRecord(record: unknown, locator: string, sink: Sink): void {
  if (!isObject(record)) {
    sink.error(locator, 'a record must be a JSON object');
    return;
  }
  const ocid = str(record.ocid);
  if (isObject(record.compiledRelease)) {
    const compiled = record.compiledRelease;
    sink.release(compiled.ocid === undefined && ocid ? { ...compiled, ocid } : compiled, `${locator}.compiledRelease`);
    return;
  }
  const embedded = arr(record.releases)
    .map((r, i) => ({ r, i }))
    .filter((x): x is { r: JsonObject; i: number } => isObject(x.r) && ('tender' in x.r || 'ocid' in x.r));
  if (embedded.length === 0) {
    sink.error(locator, 'record has no compiledRelease and only linked releases (url, date, tag), which carry no data', ocid);
    return;
  }
  const newest = embedded.reduce((best, x) => (releaseTime(x.r) >= releaseTime(best.r) ? x : best));
  const release = newest.r.ocid === undefined && ocid ? { ...newest.r, ocid } : newest.r;
  sink.release(release, `${locator}.releases[${newest.i}]`);
}

/** The release's `date` in ms since the epoch; -Infinity when missing or unreadable (oldest). */
export function releaseTime(release: JsonObject): number {
  const d = str(release.date);
  const t = d === undefined ? NaN : Date.parse(d);
  return Number.isNaN(t) ? -Infinity : t;
}

function parsesAsObject(line: string): boolean {
  try {
    return isObject(parseJsonLenient(line));
  } catch {
    return false;
  }
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
