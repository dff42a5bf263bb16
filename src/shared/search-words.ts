/**
 * The words of a name or a query for search, the same in every store: accents removed, lower case, split at
 * anything that is not a letter or a digit ("St Mary's Hospice, Plymouth" → st mary s hospice plymouth).
 * Linear in the text; at most `max` words are kept.
 */
export function searchWords(text: string, max = 50): string[] {
  const words: string[] = [];
  for (const word of text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)) {
    if (word === '') continue;
    words.push(word);
    if (words.length >= max) break;
  }
  return words;
}

/** The search key stored with an organisation: its name's words, space-separated (see searchWords). */
export function nameSearchKey(name: string): string {
  return searchWords(name).join(' ');
}

/** True when every query word begins one of the name's words. */
export function matchesWordPrefixes(nameWords: readonly string[], queryWords: readonly string[]): boolean {
  return queryWords.every((q) => nameWords.some((w) => w.startsWith(q)));
}
