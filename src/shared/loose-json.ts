/**
 * Small helpers for reading loosely shaped JSON (OCDS, 360Giving) without `any`: every accessor takes
 * `unknown` and returns a typed value or undefined.
 */

import { jsonDeeperThan, JsonTooDeepError } from './json-depth.ts';
import { LIMITS } from './limits.ts';

export type JsonObject = { [key: string]: unknown };

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function obj(value: unknown): JsonObject | undefined {
  return isObject(value) ? value : undefined;
}

/** The array, or [] for anything else (a missing or mistyped list reads as empty). */
export function arr(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** A trimmed non-empty string; finite numbers are turned into strings (ids are sometimes numbers). */
export function str(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') return undefined;
  const t = value.trim();
  return t === '' ? undefined : t;
}

export function bool(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') {
    const t = value.trim().toLowerCase();
    if (t === 'true' || t === 'yes') return true;
    if (t === 'false' || t === 'no') return false;
  }
  return undefined;
}

/** Follows a path of keys through nested objects. */
export function at(value: unknown, ...path: string[]): unknown {
  let cur: unknown = value;
  for (const key of path) {
    if (!isObject(cur)) return undefined;
    cur = cur[key];
  }
  return cur;
}

/**
 * JSON.parse, tolerant of the bare NaN / Infinity / -Infinity tokens that some exporters (Python's json
 * module) write: they become the strings "NaN", "Infinity", "-Infinity", so a reader can report them as
 * non-finite instead of losing the whole document.
 * @throws SyntaxError when the text is not JSON even then, or (JsonTooDeepError) nests deeper than LIMITS.jsonDepth.
 */
export function parseJsonLenient(text: string): unknown {
  if (jsonDeeperThan(text, LIMITS.jsonDepth)) throw new JsonTooDeepError(LIMITS.jsonDepth);
  try {
    return JSON.parse(text);
  } catch (first) {
    const patched = quoteNonFiniteTokens(text);
    if (patched === text) throw first;
    return JSON.parse(patched);
  }
}

function quoteNonFiniteTokens(text: string): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      out += ch;
      if (ch === '\\') {
        out += text[i + 1] ?? '';
        i++;
      } else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') {
      inString = true;
      out += ch;
      continue;
    }
    const rest = text.slice(i, i + 9);
    const token = rest.startsWith('-Infinity')
      ? '-Infinity'
      : rest.startsWith('Infinity')
        ? 'Infinity'
        : rest.startsWith('NaN')
          ? 'NaN'
          : undefined;
    if (token !== undefined) {
      out += `"${token}"`;
      i += token.length - 1;
      continue;
    }
    out += ch;
  }
  return out;
}
