/**
 * `consortia import ocds FILE…` and `consortia import orgs FILE…`: files in, store written in batches, a
 * summary out (imported, updated, unchanged, rejected with the top reasons), the full report on request.
 *
 *   STORE=neo4j consortia import ocds notices/*.json --report import-report.json
 *   STORE=neo4j consortia import orgs grants.json providers.csv
 *
 * Progress goes to stderr: a bar when stderr is a terminal, plain lines otherwise (logs, CI). Exit code 0
 * when the import ran, rejections or not; 1 when a file cannot be read (nothing is written then), the store
 * is unreachable or the report cannot be written. Registered like every command (src/features.ts).
 */
import { writeFile } from 'node:fs/promises';
import cliProgress from 'cli-progress';
import Table from 'cli-table3';
import type { Command } from 'commander';
import { importOrganisationFiles, type OrganisationImportReport } from '../imports/import-organisations.ts';
import { importTenders, type TenderImportReport } from '../imports/import-tenders.ts';
import { readImportFiles } from '../imports/read-files.ts';
import { topReasons, type ImportCounts, type ImportFile } from '../imports/report.ts';
import { citeSource, type Source } from '../organisations/provenance.ts';
import type { CoreDeps } from '../shared/deps.ts';
import { AppError, StoreUnavailableError } from '../shared/errors.ts';
import { BATCH_DEFAULTS, type BatchProgress } from '../store/write-in-batches.ts';
import { positiveInt } from './args.ts';
import type { CliContext } from './context.ts';

type ImportKind = 'ocds' | 'orgs';

const IMPORT_COMMANDS = {
  ocds: {
    description:
      'Import OCDS 1.1 release packages, record packages, single releases or JSON lines; one tender per ocid, newest release wins',
    files: 'OCDS JSON files',
    rejected: 'release with its ocid',
    records: 'tenders',
  },
  orgs: {
    description:
      'Import organisations from register files (Charity Commission, CQC, Companies House, CCNI, FCA mutuals, UKCAT), 360Giving ' +
      'JSON/CSV, the NHS ODS trusts file or the provider CSV template; deduplicated on identifiers, each fact with its source',
    files: 'organisation files (.json, .csv)',
    rejected: 'record with its id',
    records: 'organisations',
  },
} as const satisfies Record<ImportKind, { description: string; files: string; rejected: string; records: string }>;

interface ImportOptions {
  report?: string;
  batchSize: number;
}

export function registerImportCommands(program: Command, cli: CliContext): Command {
  const group = program
    .command('import')
    .description('Import tenders (OCDS) or organisations (registers, 360Giving, NHS ODS, provider CSV) into the configured store');
  for (const [kind, command] of Object.entries(IMPORT_COMMANDS) as [ImportKind, (typeof IMPORT_COMMANDS)[ImportKind]][]) {
    group
      .command(kind)
      .description(command.description)
      .argument('<files...>', command.files)
      .option('--report <file>', `write the full JSON report (every rejected ${command.rejected} and reason) to this file`)
      .option('--batch-size <n>', `${command.records} per store transaction`, positiveInt, BATCH_DEFAULTS.batchSize)
      .action((files: string[], opts: ImportOptions) => runImport(kind, files, opts, cli));
  }
  return group;
}

async function runImport(kind: ImportKind, paths: string[], opts: ImportOptions, cli: CliContext): Promise<void> {
  const files = await readImportFiles(paths);
  // An empty data directory starts as `npm start` would start it (demo data, when DEMO_DATA), so the import lands on
  // the same base whichever command comes first.
  const report = await cli.withDeps((deps) => importInto(deps, kind, files, opts, cli));
  cli.out(formatImportSummary(report));
  const kept = report.store === 'embedded' ? cli.storeNote?.() : undefined;
  if (kept) cli.out(kept);
  if (opts.report) {
    await writeReport(opts.report, report);
    cli.out(`Full report: ${opts.report}`);
  }
}

async function importInto(
  deps: CoreDeps,
  kind: ImportKind,
  files: ImportFile[],
  opts: ImportOptions,
  cli: CliContext,
): Promise<TenderImportReport | OrganisationImportReport> {
  const { store } = deps;
  const health = await store.health();
  if (!health.ok) throw new StoreUnavailableError(`The ${store.kind} store is unreachable: ${health.detail ?? 'no detail'}`);
  const progress = progressReporter(cli.err, IMPORT_COMMANDS[kind].records);
  try {
    const options = { batchSize: opts.batchSize, onProgress: progress.update };
    return kind === 'ocds' ? await importTenders(deps, files, options) : await importOrganisationFiles(deps, files, options);
  } finally {
    progress.stop();
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
function progressReporter(err: CliContext['err'], noun: string): { update: (progress: BatchProgress) => void; stop: () => void } {
  if (err.isTTY) {
    const bar = new cliProgress.SingleBar(
      { format: `${noun} [{bar}] {value}/{total} | {duration}s`, hideCursor: true, stream: err },
      cliProgress.Presets.shades_classic,
    );
    let started = false;
    return {
      update: ({ done, total = 0 }) => {
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
    update: ({ done, total = 0 }) => {
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
