/**
 * One-off preparation of the demo source files in this folder from the curated shared data. Run by hand when
 * the sources change; the project never runs it (it reads outside the project):
 *
 *   npx tsx data/demo/prepare-sources.ts --from <shared data folder>
 *
 * It keeps the columns the demo generator uses, maps merged authorities to their current GSS codes, keeps
 * only the outward part of postcodes, trims long texts, drops organisations whose English place cannot be
 * resolved, and selects a subset (see README.md, "Selection").
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { ladForPostcode } from '../../src/demo/postcode-areas.ts';
import { inferProfiles } from '../../src/demo/services.ts';
import { hashParts } from '../../src/demo/prng.ts';

const MAX_ORGANISATIONS = 2500;
const TEXT_LIMIT = 240;

const fromIndex = process.argv.indexOf('--from');
if (fromIndex < 0 || !process.argv[fromIndex + 1]) {
  console.error('usage: npx tsx data/demo/prepare-sources.ts --from <shared data folder>');
  process.exit(2);
}
const from = process.argv[fromIndex + 1];
const here = new URL('.', import.meta.url).pathname;

type Row = Record<string, string>;
const read = (path: string): Row[] => parse(readFileSync(join(from, path)), { columns: true, bom: true, skip_empty_lines: true });

const current = new Set(read('geography/england_local_authorities_current.csv').map((r) => r.lad_code));
const successor = new Map(read('geography/la_all_codes.csv').map((r) => [r.LADCD, r.LADCD_ACTIVE]));

function currentLad(code: string): string | undefined {
  if (current.has(code)) return code;
  const next = successor.get(code);
  return next && current.has(next) ? next : undefined;
}

const outward = (postcode: string) => postcode.trim().toUpperCase().split(/\s+/)[0] ?? '';
const trim = (text: string) => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= TEXT_LIMIT ? flat : `${flat.slice(0, TEXT_LIMIT - 1).replace(/\s+\S*$/, '')}…`;
};

function csvLine(values: readonly string[]): string {
  return values.map((v) => (/[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)).join(',');
}

// --- 360Giving recipients -------------------------------------------------------------------------------
const KEEP_SCHEMES = new Set(['GB-CHC', 'GB-COH', '360G']);
const orgRows = read('organisations/organisations_from_360giving.csv');
interface Candidate {
  row: Row;
  lad: string;
  source: string;
  tier: number;
  key: number;
}
const candidates: Candidate[] = [];
let unresolved = 0;
let successorMapped = 0;
for (const row of orgRows) {
  if (!KEEP_SCHEMES.has(row.id_scheme)) continue;
  if (!/^[A-Za-z0-9][A-Za-z0-9._:-]*$/.test(row.org_id) || row.org_id.length > 120) continue; // not a valid OrgId
  let lad: string | undefined;
  let source = '';
  if (row.district_gss_code) {
    lad = currentLad(row.district_gss_code);
    source = lad === row.district_gss_code ? 'district_gss_code' : 'district_gss_code_successor';
  }
  if (!lad && row.postcode) {
    lad = ladForPostcode(row.postcode);
    source = 'postcode_area';
  }
  if (!lad) {
    unresolved++;
    continue;
  }
  if (source === 'district_gss_code_successor') successorMapped++;
  const text = `${row.titles} ${row.description} ${row.grant_descriptions}`;
  const tier = row.district_gss_code ? 0 : row.organisation_type || row.latest_income_gbp ? 1 : inferProfiles(text).length > 0 ? 2 : 3;
  candidates.push({ row, lad, source, tier: row.id_scheme === '360G' ? tier + 1 : tier, key: hashParts('demo-selection', row.org_id) });
}
candidates.sort((a, b) => a.tier - b.tier || a.key - b.key);
const chosen = candidates.slice(0, MAX_ORGANISATIONS).sort((a, b) => (a.row.org_id < b.row.org_id ? -1 : 1));

const orgHeader = [
  'org_id',
  'name',
  'id_scheme',
  'charity_number',
  'company_number',
  'organisation_type',
  'postcode_outward',
  'district_gss_code',
  'location_source',
  'latest_income_gbp',
  'ccew_scale',
  'titles',
  'description',
  'grant_descriptions',
];
const orgLines = [csvLine(orgHeader)];
for (const { row, lad, source } of chosen) {
  orgLines.push(
    csvLine([
      row.org_id,
      row.name.trim(),
      row.id_scheme,
      row.charity_number,
      row.company_number,
      row.organisation_type,
      outward(row.postcode),
      source.startsWith('district') ? lad : '',
      source,
      row.latest_income_gbp,
      row.ccew_scale,
      trim(row.titles),
      trim(row.description),
      trim(row.grant_descriptions),
    ]),
  );
}
writeFileSync(join(here, 'organisations_360giving.csv'), `${orgLines.join('\n')}\n`);

// --- NHS trusts --------------------------------------------------------------------------------------------
const nhsRows = read('organisations/nhs_trusts_ods_etr.csv');
const nhsHeader = ['organisation_code', 'name', 'national_grouping', 'high_level_health_geography', 'postcode_outward', 'open_date', 'close_date', 'gor_code'];
const nhsLines = [csvLine(nhsHeader)];
for (const row of nhsRows) {
  nhsLines.push(csvLine(nhsHeader.map((h) => (h === 'postcode_outward' ? outward(row.postcode) : row[h] ?? ''))));
}
writeFileSync(join(here, 'nhs_trusts.csv'), `${nhsLines.join('\n')}\n`);

const tiers = [0, 1, 2, 3, 4].map((t) => chosen.filter((c) => c.tier === t).length);
const bySource = new Map<string, number>();
for (const c of chosen) bySource.set(c.source, (bySource.get(c.source) ?? 0) + 1);
console.log(
  JSON.stringify(
    {
      organisations: { rows: orgRows.length, resolved: candidates.length, unresolved, successorMapped, kept: chosen.length, tiers, bySource: Object.fromEntries(bySource) },
      nhsTrusts: nhsRows.length,
    },
    null,
    2,
  ),
);
