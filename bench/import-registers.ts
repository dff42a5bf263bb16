/**
 * Import of every register sample in data/registers into the embedded store (issue 15: ≤ 30 s).
 *
 *   npx tsx bench/import-registers.ts [--runs 2] [--memory]
 *
 * Each run: a fresh embedded store kept in a fresh temporary data directory (as `consortia import orgs` writes
 * it; `--memory` for DATA_DIR=:memory:), then the same use cases as the CLI: every organisation file together
 * (Charity Commission tables, UKCAT samples and CIC classes, CQC files, Companies House, FCA mutuals, CCNI —
 * 84,957 records), then the Find a Tender package. The time counts reading the files, deduplicating, laying each
 * organisation over the store and writing; not the process start. Prints JSON lines with the counts, the time and
 * the load average.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { importOrganisationFiles } from '../src/imports/import-organisations.ts';
import { importTenders } from '../src/imports/import-tenders.ts';
import { readImportFiles } from '../src/imports/read-files.ts';
import { prepareForMatching } from '../src/matching/profile.ts';
import { defaultReference } from '../src/reference/load.ts';
import { EmbeddedStore } from '../src/store/embedded/embedded-store.ts';
import { openDataDirectory } from '../src/store/embedded/persistence/store-file.ts';
import { machine, round, rssMb } from './stats.ts';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '2' }, memory: { type: 'boolean', default: false } } });
const REGISTERS = fileURLToPath(new URL('../data/registers/', import.meta.url));
const ORGANISATION_FILES = [
  'charity-commission/trafford-charities-operating-in-trafford-2021-05.csv',
  'charity-commission/trafford-area-of-operation-2021-05.csv',
  'charity-commission/ukcat-top2000-largest.csv',
  'charity-commission/ukcat-sample-4203-tagged.csv',
  'cqc/cqc-asc-locations-2025-08-head999.csv',
  'cqc/cqc-directory-2025-08-head500.csv',
  'cqc/oldham-cqc-api-locations-2024.jsonl',
  'cqc/oldham-cqc-api-providers-2024.jsonl',
  'cqc/trafford-care-homes-2026-02.csv',
  'companies-house/BasicCompanyData-2020-06-01-sample87.csv',
  'companies-house/ukcat-cics-icnptso-62k.csv',
  'companies-house/drkane-mutual-companies-fca-register.csv',
  'ccni/ccni-charitydetails-sample365.csv',
].map((f) => join(REGISTERS, f));
const NOTICES = [join(REGISTERS, 'find-a-tender/fts-release-package-2026-10-06-limit-4.json')];
const TARGET_S = 30;

const ref = defaultReference();
const print = (x: object) => console.log(JSON.stringify({ ...x, load: loadavg().map((l) => round(l, 1)) }));
print({
  bench: 'import-registers',
  machine: machine(),
  files: ORGANISATION_FILES.length + NOTICES.length,
  store: values.memory ? ':memory:' : 'data directory',
});

for (let run = 1; run <= Number(values.runs); run++) {
  const dir = values.memory ? ':memory:' : mkdtempSync(join(tmpdir(), 'consortia-import-'));
  const store = new EmbeddedStore({ persistence: openDataDirectory(dir), prepare: prepareForMatching(ref) });
  const started = performance.now();
  const orgs = await importOrganisationFiles({ store, ref }, await readImportFiles(ORGANISATION_FILES));
  const tenders = await importTenders({ store, ref }, await readImportFiles(NOTICES));
  const seconds = (performance.now() - started) / 1000;
  print({
    run,
    seconds: round(seconds, 1),
    targetSeconds: TARGET_S,
    met: seconds <= TARGET_S,
    records: orgs.entries,
    organisations: orgs.organisations,
    recordsImported: orgs.recordsImported,
    rejected: orgs.rejected.length,
    conflicts: orgs.conflicts.length,
    warnings: orgs.warnings.length,
    tenders: tenders.imported + tenders.updated + tenders.unchanged,
    importMs: orgs.ms,
    rssMb: rssMb(),
  });
  await store.close();
  if (dir !== ':memory:') rmSync(dir, { recursive: true, force: true });
}
