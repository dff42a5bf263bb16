/**
 * Crash safety of the embedded store's data directory: a process writing as fast as it can is killed with
 * SIGKILL in the middle of its writes; every batch it acknowledged is then read back whole from the directory, and
 * no batch is half there (organisations and partner lists alike).
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { normaliseOrganisation } from '../../src/organisations/normalise.ts';
import { EmbeddedPartnerScores } from '../../src/refresh/embedded-partner-scores.ts';
import { EmbeddedStore } from '../../src/store/embedded/embedded-store.ts';
import { BATCH, CRASH_RUN, crashBatch, crashId } from '../support/crash-data.ts';
import { openDataDirectory } from '../../src/store/embedded/persistence/store-file.ts';
import { tempDataDirectory, type TempDataDirectory } from '../support/reopening.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
let data: TempDataDirectory | undefined;
afterEach(() => data?.remove());

describe('embedded store, killed with SIGKILL while writing', () => {
  it('when the writer is killed mid-write, then every acknowledged batch is there whole and no batch is half-written', async () => {
    data = tempDataDirectory('consortia-crash-');
    data.persistence.close(); // the child writes; the test opens the directory again afterwards
    const child = spawn(process.execPath, ['--import', 'tsx', 'tests/support/crash-writer.ts', data.dir], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    const acked = await new Promise<number>((resolve, reject) => {
      child.on('exit', (code) => reject(new Error(`writer exited early (${code}): ${err}`)));
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const acks = out.match(/^ack \d+$/gm) ?? [];
        // Kill while it is busy: it writes continuously, so the kill lands inside a batch's transaction or fsync.
        if (acks.length >= 25) {
          child.removeAllListeners('exit');
          child.kill('SIGKILL');
          resolve(Number(acks[acks.length - 1].slice(4)));
        }
      });
    });
    await new Promise((resolve) =>
      child.exitCode !== null || child.signalCode !== null ? resolve(undefined) : child.once('exit', resolve),
    );
    expect(child.signalCode).toBe('SIGKILL');

    const reopened = tempDataDirectoryAt(data.dir);
    const store = new EmbeddedStore({ persistence: reopened });
    const scores = new EmbeddedPartnerScores(reopened.partnerScores);
    try {
      // Acknowledged: whole and equal to what was sent, lists included.
      for (let n = 0; n <= acked; n++) {
        const sent = crashBatch(n).map(normaliseOrganisation);
        expect(await store.getOrganisations(sent.map((o) => o.id))).toEqual(sent);
      }
      const run = await scores.getRun(CRASH_RUN.runId);
      expect(run!.shardsDone).toBeGreaterThanOrEqual(acked + 1);
      // Beyond the last ack: each batch is all there or not at all; the run's counts match the shards kept.
      const { total } = await store.listOrganisations(0, 0);
      expect(total % BATCH).toBe(0);
      const batches = total / BATCH;
      expect(batches).toBeGreaterThanOrEqual(acked + 1);
      for (let n = acked + 1; n < batches; n++) expect(await store.getOrganisation(crashId(n, BATCH - 1))).toBeDefined();
      expect(run!.lists).toBe(run!.shardsDone * BATCH);
      expect([batches, batches - 1]).toContain(run!.shardsDone); // a batch's organisations and its shard are two writes
    } finally {
      await store.close();
    }
  });
});

function tempDataDirectoryAt(dir: string) {
  return openDataDirectory(dir);
}
