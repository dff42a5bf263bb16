/**
 * How deeply a JSON text nests, read in one pass without parsing it (linear in the text, constant memory), so a
 * document nested 10,000 levels deep is refused before JSON.parse or any recursive reader meets it.
 */

const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * True when the JSON text (a string or its UTF-8 bytes) opens more than `max` objects or arrays inside one another.
 * Brackets inside strings do not count. The text need not be valid JSON: a malformed one is left to the parser.
 */
export function jsonDeeperThan(text: string | Uint8Array, max: number): boolean {
  const at = typeof text === 'string' ? (i: number) => text.charCodeAt(i) : (i: number) => text[i];
  const length = text.length;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < length; i++) {
    const c = at(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) inString = true;
    else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (++depth > max) return true;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) depth--;
  }
  return false;
}

/** Thrown (as a SyntaxError, like JSON.parse's own) by readers given JSON nested deeper than they accept. */
export class JsonTooDeepError extends SyntaxError {
  constructor(readonly maxDepth: number) {
    super(`nested deeper than ${maxDepth} levels of objects and arrays`);
    this.name = 'JsonTooDeepError';
  }
}
