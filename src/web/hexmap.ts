/**
 * A hex cartogram of local authority districts, drawn as server-side SVG (no JavaScript, no tiles, no network):
 * the market view colours each authority of a delivery area by how many credible providers cover a service there.
 * The layout is Open Innovations' UK LAD 2023 HexJSON (data/reference/hexmap, MIT; provenance in its README).
 *
 * Colour is never the only channel (WCAG 1.4.1): each hex carries its count as text, the map has a title and a
 * description, each hex a <title> with the authority's name and count, and pages put a table beside it.
 * Authorities in the picture's frame but outside the delivery area are drawn pale, unnumbered, for context.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const HEXMAP_FILE = fileURLToPath(new URL('../../data/reference/hexmap/uk-local-authority-districts-2023.hexjson', import.meta.url));

export interface Hex {
  name: string;
  /** column */
  q: number;
  /** row; grows northwards */
  r: number;
}

/** HexJSON with an `odd-r` layout: odd rows are shifted right by half a hex. */
export interface HexLayout {
  hexes: ReadonlyMap<string, Hex>;
}

/** A colour band: counts from `min` (inclusive) up to the next band's `min`. */
export interface HexBand {
  min: number;
  label: string;
  fill: string;
  /** text colour on this fill, chosen for ≥ 4.5:1 contrast */
  ink: string;
}

/**
 * Bands read the way a commissioner reads a market: nobody (a gap), one provider (no competition, no fallback),
 * a few, a market. Text contrast on each fill is ≥ 4.5:1 (checked in tests/unit/web/hexmap.test.ts).
 */
export const MARKET_BANDS: readonly HexBand[] = [
  { min: 0, label: 'No credible provider (a gap)', fill: '#f6d7d2', ink: '#0b0c0c' },
  { min: 1, label: 'One credible provider', fill: '#fff2a8', ink: '#0b0c0c' },
  { min: 2, label: '2 to 4 credible providers', fill: '#b1d4ec', ink: '#0b0c0c' },
  { min: 5, label: '5 or more credible providers', fill: '#1d70b8', ink: '#ffffff' },
];

const CONTEXT_FILL = '#f3f2f1';
const CONTEXT_STROKE = '#b1b4b6';
const STROKE = '#0b0c0c';

export interface HexMapInput {
  /** the authorities of the area, by GSS code, with their counts */
  counts: ReadonlyMap<string, number>;
  /** short accessible name, e.g. "Providers of home care by authority" */
  title: string;
  /** one or two sentences saying what the map shows (read by screen readers) */
  description: string;
  /** unique on the page: prefixes the title/desc ids */
  id: string;
  bands?: readonly HexBand[];
  /** centre-to-corner size in px (default 26) */
  size?: number;
}

export interface HexMap {
  /** the SVG element, escaped; undefined when none of the authorities is on the hex layout */
  svg?: string;
  bands: readonly HexBand[];
  /** authorities asked for that the layout does not have (e.g. a Scottish council area, an old code) */
  missing: string[];
}

let shared: HexLayout | undefined;

/** The UK LAD 2023 layout, read once. */
export function lauHexLayout(): HexLayout {
  shared ??= parseHexJson(readFileSync(HEXMAP_FILE, 'utf8'));
  return shared;
}

export function parseHexJson(text: string): HexLayout {
  const doc = JSON.parse(text) as { layout?: unknown; hexes?: Record<string, { n?: unknown; q?: unknown; r?: unknown }> };
  if (doc.layout !== 'odd-r') throw new Error(`hexmap: layout ${String(doc.layout)} is not supported (odd-r only)`);
  const hexes = new Map<string, Hex>();
  for (const [code, h] of Object.entries(doc.hexes ?? {})) {
    if (typeof h.q !== 'number' || typeof h.r !== 'number') throw new Error(`hexmap: hex ${code} has no q/r`);
    hexes.set(code, { name: typeof h.n === 'string' ? h.n : code, q: h.q, r: h.r });
  }
  return { hexes };
}

export function bandFor(count: number, bands: readonly HexBand[] = MARKET_BANDS): HexBand {
  let band = bands[0];
  for (const b of bands) if (count >= b.min) band = b;
  return band;
}

/** Draws the area's authorities, framed to them with one hex of margin, neighbours in the frame drawn pale. */
export function hexMap(layout: HexLayout, input: HexMapInput): HexMap {
  const bands = input.bands ?? MARKET_BANDS;
  const missing = [...input.counts.keys()].filter((code) => !layout.hexes.has(code));
  const inArea = [...input.counts.keys()].filter((code) => layout.hexes.has(code));
  if (inArea.length === 0) return { bands, missing };

  const s = input.size ?? 26;
  const w = Math.sqrt(3) * s;
  const centre = (h: Hex) => ({ x: h.q * w + (isOdd(h.r) ? w / 2 : 0), y: -h.r * 1.5 * s });
  const points = inArea.map((code) => centre(layout.hexes.get(code)!));
  const minX = Math.min(...points.map((p) => p.x)) - w * 1.5;
  const maxX = Math.max(...points.map((p) => p.x)) + w * 1.5;
  const minY = Math.min(...points.map((p) => p.y)) - s * 2;
  const maxY = Math.max(...points.map((p) => p.y)) + s * 2;

  const titleId = `${input.id}-title`;
  const descId = `${input.id}-desc`;
  const parts: string[] = [];
  const fmt = (n: number) => (Math.round(n * 10) / 10).toString();
  const polygon = (x: number, y: number) =>
    [0, 1, 2, 3, 4, 5]
      .map((i) => {
        const a = (Math.PI / 180) * (60 * i - 30);
        return `${fmt(x + s * Math.cos(a))},${fmt(y + s * Math.sin(a))}`;
      })
      .join(' ');

  // Context first, so the area's hexes and their borders are drawn on top.
  for (const [code, h] of layout.hexes) {
    if (input.counts.has(code)) continue;
    const { x, y } = centre(h);
    if (x < minX || x > maxX || y < minY || y > maxY) continue;
    parts.push(
      `<g><title>${esc(h.name)} (outside the delivery area)</title><polygon points="${polygon(x, y)}" fill="${CONTEXT_FILL}" stroke="${CONTEXT_STROKE}" stroke-width="1"/></g>`,
    );
  }
  for (const code of inArea) {
    const h = layout.hexes.get(code)!;
    const count = input.counts.get(code)!;
    const band = bandFor(count, bands);
    const { x, y } = centre(h);
    const noun = count === 1 ? 'credible provider' : 'credible providers';
    parts.push(
      `<g><title>${esc(h.name)}: ${count} ${noun}</title>` +
        `<polygon points="${polygon(x, y)}" fill="${band.fill}" stroke="${STROKE}" stroke-width="1.5"/>` +
        `<text x="${fmt(x)}" y="${fmt(y)}" fill="${band.ink}" font-size="${fmt(s * 0.6)}" text-anchor="middle" dominant-baseline="central" aria-hidden="true">${count}</text></g>`,
    );
  }
  const width = maxX - minX;
  const height = maxY - minY;
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" class="app-hexmap" role="img" aria-labelledby="${titleId} ${descId}" ` +
    `viewBox="${fmt(minX)} ${fmt(minY)} ${fmt(width)} ${fmt(height)}" width="${fmt(width)}" height="${fmt(height)}">` +
    `<title id="${titleId}">${esc(input.title)}</title><desc id="${descId}">${esc(input.description)}</desc>${parts.join('')}</svg>`;
  return { svg, bands, missing };
}

function isOdd(r: number): boolean {
  return ((r % 2) + 2) % 2 === 1;
}

function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
