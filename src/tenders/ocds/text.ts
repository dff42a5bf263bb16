/**
 * Repairs for text damaged on its way into the portals' OCDS (../shared/data/ocds/README.md, "Known quirks"):
 *
 * - Literal "rn" where a "\r\n" lost its backslashes ("Home rnrnPlease", "only.rn .rn All", "GBPrn Public").
 *   Replaced only where it stands at a word boundary and the word it ends is not a real English word ending in
 *   "rn" ("modern", "return", "Blackburn"), so "return" and "modernise" survive.
 * - "•t" where a "•\t" lost its backslash.
 * - Mojibake: UTF-8 read as Windows-1252 ("Â£" → "£", "â€™" → "’", "â€¯" → a narrow no-break space).
 */

/** Real words (lower case) that end in "rn"; any other word ending in "rn" at a boundary is taken as a line break. */
const RN_WORDS = new Set(
  (
    'acorn adjourn adorn astern auburn barn bern bittern born borne burn cairn capricorn cavern churn cistern concern corn darn ' +
    'discern downturn earn eastern extern fern firstborn forlorn govern heartburn hern horn inborn intern kern lantern learn ' +
    'lectern longhorn modern morn mourn newborn northern nocturn overturn pattern popcorn postern reborn return saturn scorn ' +
    'shorn southern spurn stern stubborn sunburn sworn taciturn tavern tarn tern thorn torn turn unicorn upturn urn western ' +
    'worn yarn slattern subaltern hawthorn peppercorn shoehorn foghorn bighorn outworn lovelorn sojourn unborn unworn ' +
    'southwestern northwestern southeastern northeastern midwestern malvern'
  ).split(' '),
);

/** The longest word in RN_WORDS: a longer word is a real one only through the place-name endings below. */
const LONGEST_RN_WORD = Math.max(...[...RN_WORDS].map((w) => w.length));

/** Whether text[start, end) is a real word ending in "rn". O(1): looks at most at the word's last few characters. */
function isRealRnWord(text: string, start: number, end: number): boolean {
  if (end - start <= LONGEST_RN_WORD && RN_WORDS.has(text.slice(start, end).toLowerCase())) return true;
  // place names: Blackburn, Bannockburn, Eastbourn(e), Hepburn
  return endsWithLetters(text, start, end, 'burn') || endsWithLetters(text, start, end, 'bourn');
}

/** Whether text[start, end) ends with `suffix` (lower-case ASCII), in any case, without allocating. */
function endsWithLetters(text: string, start: number, end: number, suffix: string): boolean {
  if (end - start < suffix.length) return false;
  for (let k = 1; k <= suffix.length; k++) if ((text.charCodeAt(end - k) | 0x20) !== suffix.charCodeAt(suffix.length - k)) return false;
  return true;
}

const LOWER = /\p{Ll}/u;
const WORD_CHAR = /[\p{L}\p{N}]/u;

/** A letter or digit; ASCII answered without a regex (this runs once per character of every text field). */
function isWordChar(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 0x80) return (c >= 0x30 && c <= 0x39) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a);
  return WORD_CHAR.test(text[i]);
}

function isLowerCase(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 0x80) return c >= 0x61 && c <= 0x7a;
  return LOWER.test(text[i]);
}

/**
 * Finds words (runs of letters/digits) ending in "rn" and followed by the end of the text or anything but a
 * lower-case letter (so "returns" and "modernise" never count), then peels off the "rn"s that are breaks. One pass
 * in linear time: the start of the current word is carried along rather than searched for again at each "rn", and
 * peeling moves an index instead of cutting strings (a title of 500,000 "rn"s once took minutes).
 */
function repairLineBreaks(text: string): string {
  let at = text.indexOf('rn');
  if (at < 0) return text;
  let out = '';
  let copied = 0;
  /** text[scanned, …) is not yet classified; wordStart is where the word run ending at `scanned` began */
  let scanned = 0;
  let wordStart = 0;
  while (at >= 0) {
    const end = at + 2;
    for (; scanned < end; scanned++) if (!isWordChar(text, scanned)) wordStart = scanned + 1;
    if (end >= text.length || !isLowerCase(text, end)) {
      const start = Math.max(wordStart, copied);
      let wordEnd = end;
      while (wordEnd - start >= 2 && text.startsWith('rn', wordEnd - 2) && !isRealRnWord(text, start, wordEnd)) wordEnd -= 2;
      const breaks = (end - wordEnd) / 2;
      if (breaks > 0) {
        out += text.slice(copied, wordEnd) + '\n'.repeat(breaks);
        copied = end;
      }
    }
    at = text.indexOf('rn', end);
  }
  return out + text.slice(copied);
}

// Windows-1252 code points 0x80–0x9F that differ from Latin-1, as Unicode characters → the byte.
const CP1252_SPECIALS: ReadonlyMap<string, number> = new Map(
  [
    [0x20ac, 0x80],
    [0x201a, 0x82],
    [0x0192, 0x83],
    [0x201e, 0x84],
    [0x2026, 0x85],
    [0x2020, 0x86],
    [0x2021, 0x87],
    [0x02c6, 0x88],
    [0x2030, 0x89],
    [0x0160, 0x8a],
    [0x2039, 0x8b],
    [0x0152, 0x8c],
    [0x017d, 0x8e],
    [0x2018, 0x91],
    [0x2019, 0x92],
    [0x201c, 0x93],
    [0x201d, 0x94],
    [0x2022, 0x95],
    [0x2013, 0x96],
    [0x2014, 0x97],
    [0x02dc, 0x98],
    [0x2122, 0x99],
    [0x0161, 0x9a],
    [0x203a, 0x9b],
    [0x0153, 0x9c],
    [0x017e, 0x9e],
    [0x0178, 0x9f],
  ].map(([cp, byte]) => [String.fromCodePoint(cp), byte] as const),
);

function cp1252Byte(ch: string): number | undefined {
  const special = CP1252_SPECIALS.get(ch);
  if (special !== undefined) return special;
  const cp = ch.codePointAt(0)!;
  return cp >= 0x80 && cp <= 0xff ? cp : undefined;
}

/** A UTF-8 lead byte (Â…ô as Latin-1) followed by as many continuation bytes as it announces, as Windows-1252 characters. */
const CONT =
  '[\\u0080-\\u00bf\\u0152\\u0153\\u0160\\u0161\\u0178\\u017d\\u017e\\u0192\\u02c6\\u02dc\\u2013\\u2014\\u2018-\\u201a\\u201c-\\u201e\\u2020-\\u2022\\u2026\\u2030\\u2039\\u203a\\u20ac\\u2122]';
const MOJIBAKE = new RegExp(`[\\u00c2-\\u00df]${CONT}|[\\u00e0-\\u00ef]${CONT}{2}|[\\u00f0-\\u00f4]${CONT}{3}`, 'g');
const UTF8 = new TextDecoder('utf-8', { fatal: true });

const LEAD_BYTE = /[\u00c2-\u00f4]/;

function repairMojibake(text: string): string {
  if (!LEAD_BYTE.test(text)) return text;
  return text.replace(MOJIBAKE, (run) => {
    const bytes: number[] = [];
    for (const ch of run) {
      const b = cp1252Byte(ch);
      if (b === undefined) return run;
      bytes.push(b);
    }
    try {
      const decoded = UTF8.decode(new Uint8Array(bytes));
      // one character, and not from the CJK blocks an unlucky legitimate pair could decode to
      return [...decoded].length === 1 && decoded.codePointAt(0)! < 0x3000 ? decoded : run;
    } catch {
      return run;
    }
  });
}

/** Repairs one text field (see the module comment); trims it and each of its lines. */
export function repairText(text: string): string {
  let out = repairMojibake(text);
  out = repairLineBreaks(out);
  out = out.replace(/•t(?=[\p{Lu}\p{N}( ])/gu, '• ');
  out = out.replace(/\u202f/g, ' ');
  return out
    .split('\n')
    .map((line) => line.trim())
    .join('\n')
    .trim();
}

/**
 * Repairs the start of a text field and cuts it to at most `max` characters (see truncate). Only the first
 * REPAIR_HEADROOM × max characters are read, so the work is bounded whatever the field's length; repairs shrink
 * text (a lost "\r\n" is 2 characters, mojibake 2–3 per character, blank lines), and that headroom leaves room for it.
 */
export function repairedStart(text: string, max: number): string {
  return truncate(repairText(text.slice(0, REPAIR_HEADROOM * max)), max);
}

const REPAIR_HEADROOM = 4;

/** Cuts text to at most `max` characters, ending with "…" when cut. */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : text.slice(0, max - 1).trimEnd() + '…';
}
