/**
 * A process that writes to an embedded store in a data directory as fast as it can, for the kill -9 test
 * (tests/integration/embedded-crash.test.ts): batch n is 200 organisations and shard n of a refresh run, and
 * "ack n" is printed once both calls have returned — that is, once the writes are acknowledged.
 *
 *   node --import tsx tests/support/crash-writer.ts DATA_DIR
 */
import { EmbeddedPartnerScores } from '../../src/refresh/embedded-partner-scores.ts';
import { EmbeddedStore } from '../../src/store/embedded/embedded-store.ts';
import { openDataDirectory } from '../../src/store/embedded/persistence/store-file.ts';
import { CRASH_RUN, crashBatch, crashLists } from './crash-data.ts';

const dir = process.argv[2];
if (!dir) throw new Error('usage: crash-writer.ts DATA_DIR');
const persistence = openDataDirectory(dir);
const store = new EmbeddedStore({ persistence });
const scores = new EmbeddedPartnerScores(persistence.partnerScores);
await scores.beginRun(CRASH_RUN);
process.stdout.write('ready\n');
for (let n = 0; n < CRASH_RUN.shards; n++) {
  await store.upsertOrganisations(crashBatch(n));
  await scores.writeShard(CRASH_RUN.runId, n, crashLists(n));
  process.stdout.write(`ack ${n}\n`); // synchronous on a pipe (Linux): printed means acknowledged
}
