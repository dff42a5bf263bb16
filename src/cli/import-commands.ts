/**
 * `consortia import ocds FILE…` and `consortia import orgs FILE…`: files in, store written in batches, a
 * summary out (imported, updated, unchanged, rejected with the top reasons), the full report on request.
 *
 *   STORE=neo4j consortia import ocds notices/*.json --report import-report.json
 *   STORE=neo4j consortia import orgs grants.json providers.csv
 *
 * Progress goes to stderr: a bar when stderr is a terminal, plain lines otherwise (logs, CI). Exit code 0
 * when the import ran, rejections or not; 1 when a file cannot be read (nothing is written then), the store
 * is unreachable or the report cannot be written. Registered by src/cli/main.ts.
 */
import { writeFile } from 'node:fs/promises';
import cliProgress from 'cli-progress';
import Table from 'cli-table3';
import { type Command, InvalidArgumentError } from 'commander';
import { createCoreDeps, createLogger, loadDemoIfEmpty } from '../bootstrap.ts';
import { IN_MEMORY, loadConfig } from '../config.ts';
import { importOrganisationFiles, type OrganisationImportReport } from '../imports/import-organisations.ts';
import { importTenders, type TenderImportReport } from '../imports/import-tenders.ts';
import { readImportFiles } from '../imports/read-files.ts';
import { topReasons, type ImportCounts } from '../imports/report.ts';
import { WRITE_DEFAULTS } from '../imports/write-in-batches.ts';
import { citeSource, type Source } from '../organisations/provenance.ts';
import type { Reference } from '../reference/types.ts';
import type { DomainEvents } from '../shared/deps.ts';
import { AppError, StoreUnavailableError } from '../shared/errors.ts';
import type { Store } from '../store/types.ts';

/** What the commands need from outside; tests pass an embedded store and capture the output. */
export interface ImportCliIo {
  /** summary lines (stdout) */
  out: (text: string) => void;
  /** progress and notes (stderr); a bar is drawn only when `isTTY` */
  err: NodeJS.WritableStream & { isTTY?: boolean };
  /** opens the configured store; `close` is called when the command ends */
  open: () => Promise<{ store: Store; ref: Reference; events?: DomainEvents; note?: string; close: () => Promise<void> }>;
}

/** Where an embedded import went, printed under the summary. */
export function embeddedNote(dataDir: string): string {
  return dataDir === IN_MEMORY
    ? 'DATA_DIR=:memory: this import lives only in this process and is gone when it exits.'
    : `Kept in ${dataDir}: \`npm start\` and \`consortia match\` use it (restart an API that is already running to serve it).`;
}

function defaultIo(): ImportCliIo {
  return {
    out: (text) => console.log(text),
    err: process.stderr,
    open: async () => {
      const config = loadConfig();
      const logger = createLogger({ LOG_LEVEL: config.CLI_LOG_LEVEL }, process.stderr);
      const deps = createCoreDeps(config, logger);
      // The data directory starts as `npm start` would start it, so the import lands on the same base.
      if (config.STORE === 'embedded' && config.DEMO_DATA) await loadDemoIfEmpty(deps.store, deps.ref, logger);
      return {
        store: deps.store,
        ref: deps.ref,
        events: deps.events,
        ...(config.STORE === 'embedded' ? { note: embeddedNote(config.DATA_DIR) } : {}),
        close: () => deps.store.close(),
      };
    },
  };
}

interface ImportOptions {
  report?: string;
  batchSize: number;
}

export function registerImportCommands(program: Command, io: ImportCliIo = defaultIo()): Command {
  const group = program
    .command('import')
    .description('Import tenders (OCDS) or organisations (registers, 360Giving, NHS ODS, provider CSV) into the configured store');
  group
    .command('ocds')
    .description(
      'Import OCDS 1.1 release packages, record packages, single releases or JSON lines; one tender per ocid, newest release wins',
    )
    .argument('<files...>', 'OCDS JSON files')
    .option('--report <file>', 'write the full JSON report (every rejected release with its ocid and reason) to this file')
    .option('--batch-size <n>', 'tenders per store transaction', positiveInt, WRITE_DEFAULTS.batchSize)
    .action((files: string[], opts: ImportOptions) => runImport('ocds', files, opts, io));
  group
    .command('orgs')
    .description(
      'Import organisations from register files (Charity Commission, CQC, Companies House, CCNI, FCA mutuals, UKCAT), 360Giving ' +
        'JSON/CSV, the NHS ODS trusts file or the provider CSV template; deduplicated on identifiers, each fact with its source',
    )
    .argument('<files...>', 'organisation files (.json, .csv)')
    .option('--report <file>', 'write the full JSON report (every rejected record with its id and reason) to this file')
    .option('--batch-size <n>', 'organisations per store transaction', positiveInt, WRITE_DEFAULTS.batchSize)
    .action((files: string[], opts: ImportOptions) => runImport('orgs', files, opts, io));
  return group;
}

async function runImport(kind: 'ocds' | 'orgs', paths: string[], opts: ImportOptions, io: ImportCliIo): Promise<void> {
  const files = await readImportFiles(paths);
  const { store, ref, events, note, close } = await io.open();
  try {
    const health = await store.health();
    if (!health.ok) throw new StoreUnavailableError(`The ${store.kind} store is unreachable: ${health.detail ?? 'no detail'}`);
    const progress = progressReporter(io.err, kind === 'ocds' ? 'tenders' : 'organisations');
    let report: TenderImportReport | OrganisationImportReport;
    try {
      const options = { batchSize: opts.batchSize, onProgress: progress.update };
      report =
        kind === 'ocds'
          ? await importTenders({ store, ref }, files, options)
          : await importOrganisationFiles({ store, ref, ...(events ? { events } : {}) }, files, options);
    } finally {
      progress.stop();
    }
    io.out(formatImportSummary(report));
    if (note) io.out(note);
    if (opts.report) {
      await writeReport(opts.report, report);
      io.out(`Full report: ${opts.report}`);
    }
  } finally {
    await close();
  }
}

async function writeReport(path: string, report: ImportCounts): Promise<void> {
  try {
    await writeFile(path, `${JSON.stringify(report, null, 2)}\n`, 'utf8');
  } catch (error) {
    throw new ReportWriteError(path, error);
  }
}

/** The report file could not be written (the import itself has run). */
export class ReportWriteError extends AppError {
  readonly code = 'REPORT_NOT_WRITTEN';
  readonly retriable = false;
  constructor(path: string, cause: unknown) {
    super(`The import ran, but the report could not be written to ${path}: ${(cause as Error).message ?? String(cause)}`, { cause });
    this.name = 'ReportWriteError';
  }
}

/** A bar on a terminal, one line per batch elsewhere. */
function progressReporter(err: ImportCliIo['err'], noun: string): { update: (done: number, total: number) => void; stop: () => void } {
  if (err.isTTY) {
    const bar = new cliProgress.SingleBar(
      { format: `${noun} [{bar}] {value}/{total} | {duration}s`, hideCursor: true, stream: err },
      cliProgress.Presets.shades_classic,
    );
    let started = false;
    return {
      update: (done, total) => {
        if (!started) {
          bar.start(total, done);
          started = true;
        } else bar.update(done);
      },
      stop: () => {
        if (started) bar.stop();
      },
    };
  }
  return {
    update: (done, total) => {
      if (done > 0 || total === 0) err.write(`import: ${done}/${total} ${noun} stored or checked\n`);
    },
    stop: () => {},
  };
}

const n = (x: number) => x.toLocaleString('en-GB');
const COMPACT = { chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' }, style: { head: [], border: [] } };

/** The report as a readable summary: counts, then the most common rejection reasons. */
export function formatImportSummary(report: TenderImportReport | OrganisationImportReport): string {
  const lines: string[] = [];
  const what = report.kind === 'ocds' ? 'releases' : 'source records';
  const files = report.files.length === 1 ? '1 file' : `${report.files.length} files`;
  lines.push(`Read ${n(report.entries)} ${what} from ${files} into the ${report.store} store in ${(report.ms / 1000).toFixed(1)} s`);
  const table = new Table({ ...COMPACT });
  const noun = report.kind === 'ocds' ? 'tenders' : 'organisations';
  table.push({ [`imported (new ${noun})`]: n(report.imported) }, { updated: n(report.updated) }, { unchanged: n(report.unchanged) });
  if (report.kind === 'ocds') table.push({ 'superseded (older releases of an ocid)': n(report.superseded.length) });
  else {
    table.push({ 'merged (records folded into another)': n(Math.max(0, report.recordsImported - report.organisations)) });
    table.push({ 'conflicts (sources disagree on a fact)': n(report.conflicts.length) });
  }
  table.push({ rejected: n(report.rejected.length) }, { warnings: n(report.warnings.length) });
  lines.push(table.toString());
  if (report.kind === 'organisations' && report.conflicts.length > 0) {
    const c = report.conflicts[0];
    const side = (s: { value: unknown; source: Source; from: string }) => `${JSON.stringify(s.value)} (${citeSource(s.source)}, ${s.from})`;
    lines.push(`e.g. ${c.id} ${c.fact}: kept ${side(c.kept)} over ${side(c.dropped)}`);
  }
  if (report.rejected.length > 0) {
    const reasons = new Table({ head: ['rejected', 'reason'], colWidths: [10, 80], wordWrap: true, ...COMPACT });
    for (const r of topReasons(report.rejected)) reasons.push([n(r.count), r.reason]);
    lines.push('Top rejection reasons:', reasons.toString());
    const example = report.rejected[0];
    lines.push(`e.g. ${example.source} ${example.locator}${example.id ? ` (${example.id})` : ''}: ${example.reason}`);
  }
  return lines.join('\n');
}

function positiveInt(value: string): number {
  const x = Number(value);
  if (!Number.isInteger(x) || x < 1) throw new InvalidArgumentError('must be a positive whole number');
  return x;
}
