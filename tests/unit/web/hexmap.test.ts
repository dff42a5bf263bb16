import { describe, expect, it } from 'vitest';
import { METROPOLITAN_COUNTIES } from '../../../src/reference/registers.ts';
import { bandFor, hexMap, lauHexLayout, MARKET_BANDS, parseHexJson } from '../../../src/web/hexmap.ts';

/** Greater Manchester's ten districts. */
const GM = METROPOLITAN_COUNTIES['greater manchester'];

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5]
    .map((i) => parseInt(hex.slice(i, i + 2), 16) / 255)
    .map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

describe('hex map of local authority districts', () => {
  const layout = lauHexLayout();

  it('reads the UK LAD 2023 layout: 361 districts, no two on one cell', () => {
    expect(layout.hexes.size).toBe(361);
    const cells = new Set([...layout.hexes.values()].map((h) => `${h.q},${h.r}`));
    expect(cells.size).toBe(361);
    expect(layout.hexes.get('E08000009')?.name).toBe('Trafford');
  });

  it('draws each authority of the area once, numbered, named in its tooltip, with the count in words', () => {
    const counts = new Map(GM.map((code, i) => [code, i]));
    const map = hexMap(layout, { counts, title: 'Providers of home care', description: 'One hex per district.', id: 'm1' });
    expect(map.missing).toEqual([]);
    const svg = map.svg!;
    expect(svg).toContain('role="img"');
    expect(svg).toContain('aria-labelledby="m1-title m1-desc"');
    expect(svg).toContain('<title>Trafford: 8 credible providers</title>');
    expect(svg).toContain('<title>Bolton: 0 credible providers</title>');
    expect(svg).toContain('<title>Bury: 1 credible provider</title>');
    const numbered = [...svg.matchAll(/<text [^>]*>(\d+)<\/text>/g)].map((m) => Number(m[1]));
    expect(numbered.sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    // neighbours in the frame (e.g. Warrington, Blackburn) are drawn for context, unnumbered
    expect(svg).toMatch(/<title>[^<]+ \(outside the delivery area\)<\/title>/);
  });

  it('places odd rows half a hex to the right, rows growing northwards', () => {
    const tiny = parseHexJson(
      JSON.stringify({ layout: 'odd-r', hexes: { A: { n: 'A', q: 0, r: 0 }, B: { n: 'B', q: 0, r: 1 }, C: { n: 'C', q: 1, r: 0 } } }),
    );
    const svg = hexMap(tiny, {
      counts: new Map([
        ['A', 1],
        ['B', 2],
        ['C', 3],
      ]),
      title: 't',
      description: 'd',
      id: 't',
      size: 10,
    }).svg!;
    const at = (n: number) => {
      const m = new RegExp(`<text x="([-\\d.]+)" y="([-\\d.]+)"[^>]*>${n}</text>`).exec(svg)!;
      return { x: Number(m[1]), y: Number(m[2]) };
    };
    const [a, b, c] = [at(1), at(2), at(3)];
    const w = Math.sqrt(3) * 10;
    expect(b.x - a.x).toBeCloseTo(w / 2, 0); // row 1 is odd: shifted right by half a hex
    expect(a.y - b.y).toBeCloseTo(15, 0); // row 1 is north of row 0 (smaller y on screen)
    expect(c.x - a.x).toBeCloseTo(w, 0);
  });

  it('says which authorities it cannot draw, and draws nothing when it can draw none', () => {
    expect(hexMap(layout, { counts: new Map([['E99999999', 3]]), title: 't', description: 'd', id: 'x' })).toEqual({
      bands: MARKET_BANDS,
      missing: ['E99999999'],
    });
  });

  it('escapes the title and description', () => {
    const svg = hexMap(layout, { counts: new Map([['E08000009', 1]]), title: '<script>x</script>', description: 'a & b', id: 'e' }).svg!;
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('&lt;script&gt;');
    expect(svg).toContain('a &amp; b');
  });

  it('bands counts as a commissioner reads a market, each with readable text (≥ 4.5:1)', () => {
    expect([0, 1, 2, 4, 5, 40].map((n) => bandFor(n).min)).toEqual([0, 1, 2, 2, 5, 5]);
    for (const band of MARKET_BANDS) expect(contrast(band.fill, band.ink)).toBeGreaterThanOrEqual(4.5);
  });
});
