import { EmbeddedStore } from '../../src/store/embedded/embedded-store.ts';
import { describeStoreContract } from './store-contract.ts';

describeStoreContract('embedded', async () => ({
  store: new EmbeddedStore(),
  exclusive: true,
  // a fresh store per test, so totals are exact; the tests still isolate by prefix and codes as on Neo4j
  cleanup: async () => {},
  close: async () => {},
}));
