/**
 * The real source records the demo dataset starts from (data/demo/*.csv, see data/demo/README.md). Plain
 * types, no I/O: load-sources.ts reads the files, tests may build these by hand.
 */

/** A grant-recipient organisation from 360Giving data (trimmed). */
export interface SourceOrganisation {
  /** org-id: GB-CHC-…, GB-COH-…, or a funder-local 360G-… id */
  orgId: string;
  name: string;
  idScheme: string;
  charityNumber?: string;
  companyNumber?: string;
  /** the funder's or Find That Charity's label, e.g. "Community Interest Company" */
  organisationType?: string;
  /** outward code of the registered or contact address, e.g. "EX4" */
  postcodeOutward?: string;
  /** current local authority GSS code where the source gave one (merged authorities mapped to successors) */
  districtGssCode?: string;
  latestIncomeGbp?: number;
  /** Charity Commission scale of operation: Local, Regional, National, National and Overseas, Overseas */
  ccewScale?: string;
  /** grant titles, " || "-separated */
  titles: string;
  description: string;
  grantDescriptions: string;
}

/** An NHS trust or foundation trust from the NHS ODS "etr" file (trimmed). */
export interface SourceNhsTrust {
  odsCode: string;
  name: string;
  /** NHS England region (Y56…Y63) */
  nationalGrouping: string;
  /** ICB ODS code */
  icbCode: string;
  postcodeOutward?: string;
  /** YYYYMMDD */
  openDate?: string;
  closeDate?: string;
  /** former Government Office Region letter (A … K, W for Wales) */
  gorCode?: string;
}

/** A register or OCDS file, as the importers read it. */
export interface DemoFile {
  name: string;
  text: string;
}

export interface DemoSources {
  organisations: readonly SourceOrganisation[];
  nhsTrusts: readonly SourceNhsTrust[];
  /** register files read by the organisation importers (the Greater Manchester set, CQC's national head) */
  registers: readonly DemoFile[];
  /**
   * register files imported with them that only add facts to the organisations of `registers` (UKCAT's largest
   * charities: charity status and income for CQC providers that are charities); their other records are left out
   */
  enrichments: readonly DemoFile[];
  /** real notices (OCDS) read by the tender importer */
  notices: readonly DemoFile[];
}
