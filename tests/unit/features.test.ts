/**
 * The plug-in points: every feature is a slice or a command set listed in src/features.ts, every store kind is
 * registered with a store and a partner-score store, and a kind nobody registered fails loudly.
 */
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { apiSlices, CLI_COMMANDS, coreSlices } from '../../src/features.ts';
import { buildOpenApiDocument } from '../../src/http/openapi.ts';
import { EmbeddedPartnerScores } from '../../src/refresh/embedded-partner-scores.ts';
import { createPartnerScores, startRefresh } from '../../src/refresh/wiring.ts';
import { EmbeddedStore } from '../../src/store/embedded/embedded-store.ts';
import { neo4jClientOf } from '../../src/store/neo4j/neo4j-store.ts';
import { createStore, UnknownStoreKindError, type StoreConfig } from '../../src/store/registry.ts';
import type { Store } from '../../src/store/types.ts';
import { coreDeps } from '../e2e/helpers.ts';

describe('features', () => {
  it('when the API slices are assembled, then every feature contributes its paths to one OpenAPI document', async () => {
    const deps = coreDeps();
    const refresh = await startRefresh(loadConfig({}), deps);
    // the core features, the refresh, the uploads, then the web app's pages
    const slices = apiSlices(deps, refresh);
    expect(slices).toHaveLength(coreSlices(deps).length + 3);
    expect(slices[coreSlices(deps).length]).toBe(refresh.slice);
    await refresh.close();
    const paths = Object.keys(buildOpenApiDocument(coreSlices(deps).map((s) => s.openapi)).paths ?? {});
    expect(paths).toEqual(
      expect.arrayContaining([
        '/v1/organisations',
        '/v1/organisations/{id}',
        '/v1/tenders',
        '/v1/tenders/{id}',
        '/v1/matches',
        '/v1/consortia',
        '/v1/market-views',
        '/v1/engagement-lists',
        '/v1/tenders/{tenderId}/engagement-list',
      ]),
    );
  });

  it('when the CLI is assembled, then every feature registers its commands the same way', () => {
    const program = new Command();
    const cli = { withDeps: () => Promise.reject(new Error('not run')), out: () => {}, err: process.stderr };
    const added = CLI_COMMANDS.map((register) => register(program, cli).name());
    expect(added).toEqual(['match', 'build', 'heads-of-terms', 'market', 'orgs', 'import', 'alerts']);
    expect(program.commands.map((c) => c.name())).toEqual(added);
  });
});

describe('store registry', () => {
  const config = (STORE: string) => ({ ...loadConfig({}), STORE }) as StoreConfig;

  it('when STORE names a registered kind, then createStore builds that kind', async () => {
    const store = createStore(config('embedded'));
    expect(store.kind).toBe('embedded');
    await store.close();
  });

  it('when STORE names a kind nobody registered, then createStore throws naming it', () => {
    expect(() => createStore(config('sqlite'))).toThrow(UnknownStoreKindError);
    expect(() => createStore(config('sqlite'))).toThrow(/store kind "sqlite"/);
  });

  it('when the partner-score store is chosen, then it follows the store kind and an unknown kind fails instead of falling back', () => {
    expect(createPartnerScores(new EmbeddedStore()).scores).toBeInstanceOf(EmbeddedPartnerScores);
    const unknown = { ...new EmbeddedStore(), kind: 'sqlite' } as unknown as Store;
    expect(() => createPartnerScores(unknown)).toThrow(/no implementation for store kind "sqlite"/);
  });

  it('when a store that is not Neo4j is asked for its Neo4j client, then it throws', () => {
    expect(() => neo4jClientOf(new EmbeddedStore())).toThrow(/embedded store has no Neo4j client/);
  });
});
