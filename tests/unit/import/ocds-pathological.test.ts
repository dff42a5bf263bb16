/**
 * No OCDS text can stall the service: the free-text readers (places, line-break repair, money in selection
 * criteria) are linear and read bounded prefixes, so a megabyte of the worst text each one has met is handled in
 * well under 100 ms. Each case once took seconds to minutes (issue #16: a 7.7 KB locality 8.6 s, an 80 KB title
 * 8.3 s). Timed as the best of three runs, against a bound many times the typical figure, so a busy machine does
 * not fail it while a return to super-linear time (seconds) does.
 */
import { describe, expect, it } from 'vitest';
import { freeTextToAreas, importOcds, releaseToTender, repairText } from '../../../src/tenders/ocds/index.ts';
import { MAX_RUN_PARTS } from '../../../src/tenders/ocds/places.ts';
import { buildRelease, reference } from './support.ts';

const ref = reference();
const MB = 1_000_000;
const repeat = (unit: string, length = MB) => unit.repeat(Math.ceil(length / unit.length)).slice(0, length);

function bestOfThreeMs(work: () => void): number {
  let best = Infinity;
  for (let i = 0; i < 3; i++) {
    const started = performance.now();
    work();
    best = Math.min(best, performance.now() - started);
  }
  return best;
}

const places = (items: unknown[]) => buildRelease({ tender: { items } });

const CASES: [string, () => unknown][] = [
  ['a locality of 1 MB of "Devon and "', () => places([{ id: '1', deliveryAddresses: [{ locality: repeat('Devon and ') }] }])],
  ['a locality of 1 MB of one-letter parts', () => places([{ id: '1', deliveryAddresses: [{ locality: repeat('x and ') }] }])],
  ['a location of 1 MB of spaces', () => places([{ id: '1', deliveryLocation: { description: `a${' '.repeat(MB)}area` } }])],
  ['a locality of 1 MB of full stops', () => places([{ id: '1', deliveryAddresses: [{ locality: `${'.'.repeat(MB)}x` }] }])],
  [
    '1,000 items with 1 KB localities of distinct parts',
    () =>
      places(
        Array.from({ length: 1000 }, (_, i) => ({
          id: String(i),
          deliveryAddresses: [{ locality: Array.from({ length: 110 }, (_, k) => `p${i}x${k}`).join(' and ') }],
        })),
      ),
  ],
  [
    'a region and a postcode of 1 MB',
    () => places([{ id: '1', deliveryAddresses: [{ region: repeat('the '), postalCode: repeat('EX1 ') }] }]),
  ],
  ['a country name of 1 MB of "the "', () => places([{ id: '1', deliveryAddresses: [{ countryName: repeat('the ') }] }])],
  ['a title of 1 MB of "rn"', () => buildRelease({ tender: { title: repeat('rn') } })],
  ['a title of 1 MB of "Xrn"', () => buildRelease({ tender: { title: `${repeat('Xrn')}.` } })],
  ['a description of 1 MB of "burnX"', () => buildRelease({ tender: { description: repeat('burnX') } })],
  [
    'selection criteria of 1 MB of "turnover £1 "',
    () => buildRelease({ tender: { selectionCriteria: { description: repeat('turnover £1 ') } } }),
  ],
  [
    'selection criteria of 1 MB of digits',
    () => buildRelease({ tender: { selectionCriteria: { description: `turnover ${'1'.repeat(MB)}` } } }),
  ],
];

describe('OCDS text that once stalled the import', () => {
  for (const [name, release] of CASES) {
    it(`when a release has ${name}, then it is mapped in well under 100 ms`, () => {
      const text = JSON.stringify(release());
      expect(text.length).toBeGreaterThan(MB);
      let result: ReturnType<typeof importOcds> | undefined;
      const ms = bestOfThreeMs(() => {
        result = importOcds(text, ref);
      });
      expect(result!.entries).toBe(1);
      expect(ms).toBeLessThan(100);
    });
  }

  it('when free text of 1 MB is read for places directly, then it takes well under 100 ms and still finds a place at its start', () => {
    const text = `Devon and ${repeat('x and ')}`;
    let found: string[] = [];
    expect(bestOfThreeMs(() => (found = freeTextToAreas(text, ref.geography)))).toBeLessThan(100);
    expect(found).toEqual(['E10000008']);
  });

  it('when a 1 MB title is repaired, then only its start is read and the tender keeps the first 1,000 characters', () => {
    const title = `Home care${repeat('rn Please note')}`;
    const mapped = releaseToTender(buildRelease({ tender: { title } }), ref);
    expect(mapped.ok && mapped.tender.title.length).toBe(1000);
    expect(mapped.ok && mapped.tender.title.startsWith('Home care\nPlease note')).toBe(true);
  });

  it('when line breaks are repaired on a megabyte, then the time grows linearly with the length', () => {
    const unit = 'Xrn';
    const small = bestOfThreeMs(() => repairText(repeat(unit, MB / 4)));
    const large = bestOfThreeMs(() => repairText(repeat(unit, MB)));
    expect(large / Math.max(small, 1)).toBeLessThan(12); // 4× the text; quadratic would be 16× and more
  });
});

describe('free-text places: the longest run of parts one name can span', () => {
  it('when any area name stands between filler words, then it is found: MAX_RUN_PARTS covers every name', () => {
    const missed: string[] = [];
    for (const area of ref.geography.all()) {
      if (/[,;/()]/.test(area.name)) continue; // split at those before any run is tried
      const expected = ref.geography.fromName(area.name);
      const found = freeTextToAreas(`Robert Gordon University and ${area.name} and surrounding areas`, ref.geography);
      if (expected !== undefined && !found.includes(expected)) missed.push(area.name);
    }
    expect(missed).toEqual([]);
    expect(MAX_RUN_PARTS).toBeGreaterThanOrEqual(2);
  });

  it('when an area name ends a word in "rn", then line-break repair leaves it alone (Malvern Hills)', () => {
    expect([...ref.geography.all()].filter((area) => repairText(area.name) !== area.name).map((area) => area.name)).toEqual([]);
  });
});
