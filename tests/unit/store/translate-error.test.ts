import { Neo4jError } from 'neo4j-driver';
import { describe, expect, it } from 'vitest';
import { StoreUnavailableError } from '../../../src/shared/errors.ts';
import { translateError } from '../../../src/store/neo4j/client.ts';

describe('translateError (Neo4j client)', () => {
  it('when the driver cannot reach Neo4j or gets no pooled connection in time, then it is StoreUnavailableError (503)', () => {
    const errors = [
      new Neo4jError('Could not perform discovery', 'ServiceUnavailable', '08000', 'error: connection exception'),
      new Neo4jError(
        'Connection acquisition timed out in 1000 ms. Pool status: Active conn count = 1, Idle conn count = 0.',
        'N/A',
        '50N42',
        'error',
      ),
    ];
    for (const error of errors) {
      const translated = translateError('getOrganisation', error);
      expect(translated).toBeInstanceOf(StoreUnavailableError);
      expect((translated as Error).message).toMatch(/^neo4j: getOrganisation: Neo4j is unavailable/);
    }
  });

  it('when Neo4j rejects the statement, then the error passes unchanged', () => {
    const error = new Neo4jError('Invalid input', 'Neo.ClientError.Statement.SyntaxError', '42001', 'error: syntax error');
    expect(translateError('findCandidates', error)).toBe(error);
  });
});
