import { describe, expect, it } from 'vitest';
import { candidateHit, rankCandidateHits } from '../../../src/store/neo4j/records.ts';

describe('candidate hits (the Neo4j candidate query returns one string per hit)', () => {
  it('when ranked, then id and version survive the encoding, and distinct requested services count', () => {
    const hits = [
      candidateHit('GB-CHC-1', 2 ** 53 - 1, ['85311000', '85312000', '85320000']),
      candidateHit('GB-COH-0001.a:b_c-d', 0, ['85311000']),
      candidateHit('GB-CHC-4', 7, []),
    ];
    expect(rankCandidateHits(hits, new Set(['85311000', '85312000', '99999999']), new Set(), 10)).toEqual({
      ids: ['GB-CHC-1', 'GB-COH-0001.a:b_c-d', 'GB-CHC-4'],
      versions: [2 ** 53 - 1, 0, 7],
    });
  });

  it('when ranked, then one hit per id, excluded ids dropped, most codes matched first, then id, cut at the limit', () => {
    const hits = [
      candidateHit('B', 1, ['1']),
      candidateHit('A', 2, ['1']),
      candidateHit('AB', 5, ['1']), // "A" < "AB" < "B", as Neo4j orders them
      candidateHit('C', 3, ['1', '2']),
      candidateHit('A', 2, ['1']), // found again by a second Lucene query
      candidateHit('X', 9, ['1', '2']),
      candidateHit('D', 4, ['2']),
    ];
    const codes = new Set(['1', '2']);
    const exclude = new Set(['X']);
    expect(rankCandidateHits(hits, codes, exclude, 10)).toEqual({ ids: ['C', 'A', 'AB', 'B', 'D'], versions: [3, 2, 5, 1, 4] });
    expect(rankCandidateHits(hits, codes, exclude, 2)).toEqual({ ids: ['C', 'A'], versions: [3, 2] });
    expect(rankCandidateHits(hits, codes, exclude, 0)).toEqual({ ids: [], versions: [] });
    expect(rankCandidateHits([], codes, exclude, 5)).toEqual({ ids: [], versions: [] });
  });

  it('when ranked, then the order is the sort of the ids themselves, for any ids an organisation may have', () => {
    const alphabet = 'AZaz09._:-';
    const ids = Array.from({ length: 300 }, (_, i) => `G${[...String(i * 7919)].map((d) => alphabet[Number(d)]).join('')}`);
    const hits = ids.map((id, i) => candidateHit(id, i, i % 3 === 0 ? ['1', '2'] : ['1']));
    const ranked = rankCandidateHits(hits, new Set(['1', '2']), new Set(), 1000).ids;
    const byCount = (id: string) => (ids.indexOf(id) % 3 === 0 ? 2 : 1);
    expect(ranked).toEqual([...new Set(ids)].sort((a, b) => byCount(b) - byCount(a) || (a < b ? -1 : a > b ? 1 : 0)));
  });
});
