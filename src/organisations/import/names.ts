/** Acronyms kept in capitals when a register's all-capitals name is turned into title case. */
const ACRONYMS = new Set([
  'NHS',
  'UK',
  'CIC',
  'CIO',
  'LLP',
  'YMCA',
  'YWCA',
  'ICB',
  'CCG',
  'II',
  'III',
  'IV',
  'UCL',
  'UCLH',
  'NW',
  'NE',
  'SW',
  'SE',
]);
const SMALL = new Set(['of', 'and', 'the', 'for', 'in', 'on', 'at', 'to', 'with', 'upon']);

/**
 * "MANCHESTER UNIVERSITY NHS FOUNDATION TRUST" → "Manchester University NHS Foundation Trust";
 * names that already mix cases are returned as they are.
 */
export function titleCase(name: string): string {
  const trimmed = name.trim().replace(/\s+/g, ' ');
  if (/[a-z]/.test(trimmed)) return trimmed;
  return trimmed
    .split(' ')
    .map((word, i) => {
      if (ACRONYMS.has(word.replace(/[^A-Z]/g, '')) && word.replace(/[^A-Z]/g, '').length === word.replace(/[^A-Z0-9]/g, '').length)
        return word;
      const lower = word.toLowerCase();
      if (i > 0 && SMALL.has(lower)) return lower;
      return lower.replace(/(^|[-'’(])([a-z])/g, (_m, p: string, c: string) => p + c.toUpperCase());
    })
    .join(' ');
}
