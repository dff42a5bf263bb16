import { EmbeddedStore } from '../../src/store/embedded/embedded-store.ts';
import { reopeningStore, tempDataDirectory } from '../support/reopening.ts';
import { describeStoreContract } from './store-contract.ts';

describeStoreContract('embedded', async () => ({
  store: new EmbeddedStore(),
  exclusive: true,
  // a fresh store per test, so totals are exact; the tests still isolate by prefix and codes as on Neo4j
  cleanup: async () => {},
  close: async () => {},
}));

describeStoreContract('embedded, reopened from its data directory before every call', async () => {
  const data = tempDataDirectory();
  return {
    store: reopeningStore(data.persistence),
    exclusive: true,
    cleanup: async () => {},
    close: async () => data.remove(),
  };
});
