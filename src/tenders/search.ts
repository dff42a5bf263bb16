/**
 * Stored and imported tenders by title words, or by id (an OCDS ocid or a Consortia id): the story is look up the
 * id → search the titles. No text lists every tender by title.
 */
import type { CoreDeps } from '../shared/deps.ts';
import { searchWords } from '../shared/search-words.ts';
import type { Tender } from './schema.ts';

export const TENDER_SEARCH_DEFAULTS = Object.freeze({ limit: 20, maxLimit: 100, maxWords: 8, maxText: 200 });

export async function findTenders(
  deps: Pick<CoreDeps, 'store'>,
  query: { text: string; offset: number; limit: number },
): Promise<{ exact?: Tender; items: Tender[]; total: number }> {
  const text = query.text.slice(0, TENDER_SEARCH_DEFAULTS.maxText).trim();
  const limit = Math.min(Math.max(1, query.limit), TENDER_SEARCH_DEFAULTS.maxLimit);
  const [exact, page] = await Promise.all([
    text !== '' && !/\s/.test(text) ? deps.store.getTender(text) : undefined,
    deps.store.searchTenders({ words: searchWords(text, TENDER_SEARCH_DEFAULTS.maxWords), offset: Math.max(0, query.offset), limit }),
  ]);
  return { ...(exact ? { exact } : {}), items: page.items, total: page.total };
}
