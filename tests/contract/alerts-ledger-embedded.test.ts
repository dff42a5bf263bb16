import { EmbeddedStore } from '../../src/store/embedded/embedded-store.ts';
import { openDataDirectory } from '../../src/store/embedded/persistence/store-file.ts';
import { tempDataDirectory } from '../support/reopening.ts';
import { describeAlertsLedgerContract } from './alerts-ledger-contract.ts';

describeAlertsLedgerContract('embedded, in memory', async () => {
  const store = new EmbeddedStore();
  return { records: store.records, close: () => store.close() };
});

describeAlertsLedgerContract('embedded, in a data directory', async () => {
  const data = tempDataDirectory();
  data.persistence.close();
  const store = new EmbeddedStore({ persistence: openDataDirectory(data.dir) });
  return {
    records: store.records,
    close: async () => {
      await store.close();
      data.remove();
    },
  };
});
