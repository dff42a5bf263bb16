import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CYPHER_DIR, CypherFileMissingError, loadCypher } from '../../../src/store/neo4j/cypher-loader.ts';
import { QUERY_NAMES } from '../../../src/store/neo4j/neo4j-store.ts';

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'cypher-loader-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

describe('loadCypher', () => {
  it('when every file exists, then it returns each query text by name', () => {
    const dir = folder({ 'get-one.cypher': '// one\nMATCH (n {id: $id}) RETURN n\n', 'count.cypher': 'MATCH (n) RETURN count(n)' });

    const q = loadCypher(['get-one', 'count'], dir);

    expect(q).toEqual({ 'get-one': '// one\nMATCH (n {id: $id}) RETURN n', count: 'MATCH (n) RETURN count(n)' });
  });

  it('when a file is missing, then the error names it and the folder', () => {
    const dir = folder({ 'present.cypher': 'RETURN 1' });

    expect(() => loadCypher(['present', 'find-candidates'], dir)).toThrowError(CypherFileMissingError);
    expect(() => loadCypher(['present', 'find-candidates'], dir)).toThrowError(/find-candidates\.cypher/);
    expect(() => loadCypher(['present', 'find-candidates'], dir)).toThrowError(dir);
  });

  it('when several files are missing or hold only comments, then the error lists all of them', () => {
    const dir = folder({ 'only-comment.cypher': '// TODO\n\n', 'blank.cypher': '   \n' });

    try {
      loadCypher(['only-comment', 'blank', 'absent'], dir);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(CypherFileMissingError);
      expect((error as CypherFileMissingError).files).toEqual(['only-comment.cypher', 'blank.cypher', 'absent.cypher']);
    }
  });

  it('when the adapter starts, then every query it needs is in cypher/', () => {
    expect(() => loadCypher(QUERY_NAMES, CYPHER_DIR)).not.toThrow();
  });
});
