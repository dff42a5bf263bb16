import { describe, expect, it } from 'vitest';
import { importOcds, parseOcdsDocument } from '../../../src/tenders/ocds/index.ts';
import { buildRelease, fixture, reference } from './support.ts';

describe('parseOcdsDocument: the document shapes', () => {
  it('when given a release package, then each release comes with its position and locator', () => {
    const doc = JSON.stringify({ version: '1.1', releases: [buildRelease(), buildRelease()] });
    const parsed = parseOcdsDocument(doc);
    expect(parsed.shape).toBe('releasePackage');
    expect(parsed.releases.map((r) => [r.position, r.locator])).toEqual([
      [0, 'releases[0]'],
      [1, 'releases[1]'],
    ]);
    expect(parsed.errors).toEqual([]);
  });

  it('when given a single release or a bare array of releases, then they are read as releases', () => {
    expect(parseOcdsDocument(JSON.stringify(buildRelease())).releases).toHaveLength(1);
    const array = parseOcdsDocument(JSON.stringify([buildRelease(), buildRelease()]));
    expect(array.shape).toBe('releaseArray');
    expect(array.releases).toHaveLength(2);
  });

  it('when given a record package, then the compiledRelease is preferred, else the newest embedded release, and a record with only linked releases is reported', () => {
    const parsed = parseOcdsDocument(fixture('ocds/quirks/record-package.json'));
    expect(parsed.shape).toBe('recordPackage');
    expect(parsed.releases.map((r) => [r.locator, (r.release.tender as { title: string }).title])).toEqual([
      ['records[0].compiledRelease', 'Reablement service (compiled)'],
      ['records[1].releases[0]', 'Day services (amended notice)'],
    ]);
    expect(parsed.errors).toEqual([
      expect.objectContaining({
        position: 2,
        locator: 'records[2]',
        ocid: 'ocds-test-rec-3',
        reason: expect.stringContaining('only linked releases'),
      }),
    ]);
  });

  it('when given JSON lines, then each line is read (releases and packages alike) and an unreadable line is reported by line number', () => {
    const parsed = parseOcdsDocument(fixture('ocds/quirks/json-lines.jsonl'));
    expect(parsed.shape).toBe('jsonLines');
    expect(parsed.releases.map((r) => [r.release.ocid, r.locator])).toEqual([
      ['ocds-test-jl-1', 'line 1'],
      ['ocds-test-jl-2', 'line 2 releases[0]'],
      ['ocds-test-jl-3', 'line 2 releases[1]'],
      ['ocds-test-jl-5', 'line 5'],
    ]);
    expect(parsed.errors).toEqual([
      expect.objectContaining({ locator: 'line 3', position: 3, reason: expect.stringContaining('not valid JSON') }),
    ]);
  });

  it('when a document holds bare NaN or Infinity tokens, then it is still read', () => {
    const parsed = parseOcdsDocument(fixture('ocds/quirks/non-finite-values.jsonl'));
    expect(parsed.errors).toEqual([]);
    expect(parsed.releases).toHaveLength(9);
  });

  it('when the document is empty, broken or not OCDS, then one error says so and nothing throws', () => {
    expect(parseOcdsDocument('  ').errors).toEqual([expect.objectContaining({ reason: 'empty document' })]);
    const broken = parseOcdsDocument('{\n  "releases": [\n    {"ocid": "x"\n');
    expect(broken.releases).toEqual([]);
    expect(broken.errors).toHaveLength(1);
    expect(broken.errors[0].reason).toMatch(/not valid JSON/);
    expect(parseOcdsDocument('{"hello": "world"}').errors[0].reason).toMatch(/not an OCDS release/);
  });

  it('when a JSON-lines file is imported, then the unreadable line is rejected and the other releases still become tenders', () => {
    const result = importOcds(fixture('ocds/quirks/json-lines.jsonl'), reference());
    expect(result.tenders.map((t) => t.id)).toEqual(['ocds-test-jl-1', 'ocds-test-jl-2', 'ocds-test-jl-3', 'ocds-test-jl-5']);
    expect(result.rejected).toEqual([expect.objectContaining({ locator: 'line 3', reason: expect.stringContaining('not valid JSON') })]);
    expect(result.entries).toBe(5);
  });

  it('when a record package is imported, then the compiled and newest releases become tenders and the linked-only record is rejected with its ocid', () => {
    const result = importOcds(fixture('ocds/quirks/record-package.json'), reference());
    expect(result.tenders.map((t) => [t.id, t.title])).toEqual([
      ['ocds-test-rec-1', 'Reablement service (compiled)'],
      ['ocds-test-rec-2', 'Day services (amended notice)'],
    ]);
    expect(result.rejected).toEqual([expect.objectContaining({ ocid: 'ocds-test-rec-3' })]);
  });
});
