import { EmbeddedStore } from '../../src/store/embedded/embedded-store.ts';
import { openDataDirectory } from '../../src/store/embedded/persistence/store-file.ts';
import { tempDataDirectory } from '../support/reopening.ts';
import { describeRecordStoreContract } from './record-store-contract.ts';

describeRecordStoreContract('embedded, in memory', async () => {
  const store = new EmbeddedStore();
  return { records: store.records, cleanup: async () => {}, close: () => store.close() };
});

describeRecordStoreContract('embedded, reopened from its data directory before every call', async () => {
  const data = tempDataDirectory();
  data.persistence.close();
  const reopened = <T>(call: (records: EmbeddedStore['records']) => Promise<T>) => {
    const store = new EmbeddedStore({ persistence: openDataDirectory(data.dir) });
    return call(store.records).finally(() => store.close());
  };
  return {
    records: {
      insertRecord: (r) => reopened((s) => s.insertRecord(r)),
      putRecord: (r) => reopened((s) => s.putRecord(r)),
      replaceRecord: (r, at) => reopened((s) => s.replaceRecord(r, at)),
      getRecord: (k, id) => reopened((s) => s.getRecord(k, id)),
      getRecords: (k, ids) => reopened((s) => s.getRecords(k, ids)),
      countRecordsByKey: (k, keys) => reopened((s) => s.countRecordsByKey(k, keys)),
      writeRecords: (b) => reopened((s) => s.writeRecords(b)),
      findRecords: (q) => reopened((s) => s.findRecords(q)),
      deleteRecord: (k, id) => reopened((s) => s.deleteRecord(k, id)),
      deleteExpired: (k, t) => reopened((s) => s.deleteExpired(k, t)),
    },
    cleanup: async () => {},
    close: async () => data.remove(),
  };
});
