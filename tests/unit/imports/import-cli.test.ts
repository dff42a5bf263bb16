/**
 * `consortia import …` run in-process on an embedded store, output captured: the summary, the JSON report,
 * plain progress lines when stderr is not a terminal, and unreadable input refused before anything is written.
 * (tests/e2e/import-cli.test.ts runs the real binary for the exit codes.)
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { embeddedNote } from '../../../src/cli/context.ts';
import { registerImportCommands } from '../../../src/cli/import-commands.ts';
import { defaultReference } from '../../../src/reference/load.ts';
import { noEvents } from '../../../src/shared/deps.ts';
import { ValidationError } from '../../../src/shared/errors.ts';
import { EmbeddedStore } from '../../../src/store/embedded/embedded-store.ts';

const FIXTURES = fileURLToPath(new URL('../../fixtures/', import.meta.url));
const ref = defaultReference();

function cli(store = new EmbeddedStore()) {
  const out: string[] = [];
  const err = new PassThrough();
  let errText = '';
  err.on('data', (chunk) => (errText += String(chunk)));
  const program = new Command().exitOverride();
  const deps = { store, ref, now: () => new Date(), events: noEvents, logger: pino({ level: 'silent' }) };
  registerImportCommands(program, { out: (t) => out.push(t), err, withDeps: (fn) => fn(deps), storeNote: () => embeddedNote('/data/dir') });
  return {
    store,
    run: (...args: string[]) => program.parseAsync(['node', 'consortia', ...args]),
    out: () => out.join('\n'),
    err: () => errText,
  };
}

describe('consortia import', () => {
  it('when OCDS files are imported with --report, then the summary counts them, the report lists every entry, and progress is plain lines', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'consortia-import-'));
    const reportPath = join(dir, 'report.json');
    const c = cli();
    await c.run(
      'import',
      'ocds',
      `${FIXTURES}ocds/england_contracts_finder_2025.json`,
      `${FIXTURES}ocds/quirks/record-package.json`,
      '--report',
      reportPath,
      '--batch-size',
      '50',
    );

    expect(c.out()).toMatch(/Read 136 releases from 2 files into the embedded store/);
    expect(c.out()).toMatch(/imported \(new tenders\)\s*│\s*128/);
    expect(c.out()).toMatch(/superseded \(older releases of an ocid\)\s*│\s*7/);
    expect(c.out()).toContain('record has no compiledRelease and only linked releases');
    expect(c.out()).toContain('Kept in /data/dir: `npm start` and `consortia match` use it');
    expect(c.err()).toContain('import: 50/128 tenders stored or checked');
    expect(c.err()).toContain('import: 128/128 tenders stored or checked');

    const report = JSON.parse(readFileSync(reportPath, 'utf8'));
    expect(report).toMatchObject({ kind: 'ocds', entries: 136, imported: 128, updated: 0, unchanged: 0 });
    expect(report.rejected).toEqual([
      {
        source: `${FIXTURES}ocds/quirks/record-package.json`,
        position: 2,
        locator: 'records[2]',
        id: 'ocds-test-rec-3',
        reason: expect.any(String),
      },
    ]);
    expect(report.imported + report.rejected.length + report.superseded.length).toBe(report.entries);
  });

  it('when the same files are imported again into the same store, then everything is unchanged', async () => {
    const c = cli();
    const file = `${FIXTURES}ocds/wales_sell2wales_2025.json`;
    await c.run('import', 'ocds', file);
    const again = cli(c.store);
    await again.run('import', 'ocds', file);
    expect(again.out()).toMatch(/imported \(new tenders\)\s*│\s*0/);
    expect(again.out()).toMatch(/unchanged\s*│\s*60/);
  });

  it('when organisation files are imported, then the summary shows merged records and the top rejection reasons', async () => {
    const c = cli();
    await c.run('import', 'orgs', `${FIXTURES}orgs/nhs_trusts_ods_etr.csv`, `${FIXTURES}orgs/providers-with-errors.csv`);
    expect(c.out()).toMatch(/imported \(new organisations\)\s*│\s*\d+/);
    expect(c.out()).toContain('Top rejection reasons:');
    expect(c.out()).toMatch(/│\s*68\s*│\s*closed on …/);
  });

  it('when a file cannot be read or is not OCDS, then the command throws ValidationError naming it and writes nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'consortia-import-'));
    const notOcds = join(dir, 'notes.json');
    writeFileSync(notOcds, '{"hello": "world"}');
    const c = cli();
    await expect(c.run('import', 'ocds', `${FIXTURES}ocds/scotland_pcs_2019.json`, join(dir, 'missing.json'))).rejects.toBeInstanceOf(
      ValidationError,
    );
    await expect(c.run('import', 'ocds', `${FIXTURES}ocds/scotland_pcs_2019.json`, notOcds)).rejects.toMatchObject({
      issues: [{ path: notOcds, message: expect.stringContaining('not an OCDS release') }],
    });
    expect((await c.store.listTenders(0, 1)).total).toBe(0);
  });
});
