/**
 * The import use cases on the real Neo4j (started by tests/setup/neo4j.ts unless NEO4J_URI is set).
 *
 * Isolation: the database is shared with other suites, other engineers and perhaps a loaded demo dataset
 * holding the same real charities. So the real sample files are imported as copies whose ocids carry this
 * run's prefix (`IMP-<hex>-ocds-…`), removed afterwards with deleteByIdPrefix; the organisation test keeps the
 * real grant records that make the GB-CHC/GB-COH pair but gives the charity and company fresh numbers in a
 * range no real register uses (98xxxxx, 98xxxxxx), and deletes exactly the ids it wrote.
 */
import { randomBytes, randomInt } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { importOrganisationFiles } from '../../src/imports/import-organisations.ts';
import { importTenders } from '../../src/imports/import-tenders.ts';
import type { ImportFile } from '../../src/imports/report.ts';
import { defaultReference } from '../../src/reference/load.ts';
import { Neo4jStore } from '../../src/store/neo4j/neo4j-store.ts';
import { buildOrganisation } from '../builders.ts';
import { OCDS_SAMPLES, fixture } from '../unit/import/support.ts';

const ref = defaultReference();
let store: Neo4jStore;

beforeAll(() => {
  const config = loadConfig({ ...process.env, NEO4J_URI: inject('neo4jUri') });
  store = new Neo4jStore({
    uri: config.NEO4J_URI,
    user: config.NEO4J_USER,
    password: config.NEO4J_PASSWORD,
    database: config.NEO4J_DATABASE,
  });
});
afterAll(async () => {
  await store?.close();
});

describe('OCDS import into Neo4j', () => {
  const prefix = `IMP-${randomBytes(4).toString('hex')}-`;
  /** the real sample packages, each release's ocid prefixed */
  const files: ImportFile[] = OCDS_SAMPLES.map((name) => {
    const doc = JSON.parse(fixture(`ocds/${name}`)) as { releases: { ocid: string }[] };
    for (const release of doc.releases) release.ocid = `${prefix}${release.ocid}`;
    return { name, text: JSON.stringify(doc) };
  });

  afterAll(async () => {
    await store.deleteByIdPrefix(prefix);
  });

  it('when the three real sample files are imported, then imported + rejected + superseded add up to the releases, and a second import is all unchanged', async () => {
    const first = await importTenders({ store, ref }, files, { batchSize: 100 });
    expect(first.store).toBe('neo4j');
    expect(first.entries).toBe(253);
    expect(first.imported + first.rejected.length + first.superseded.length).toBe(first.entries);
    expect(first).toMatchObject({ imported: 246, updated: 0, unchanged: 0, batches: 3 });

    const tender = await store.getTender(`${prefix}ocds-b5fd17-a4e957de-7481-40a2-b62d-af8242733860`);
    expect(tender).toMatchObject({
      title: 'Representative Body for Adult Social Care',
      cpvCodes: ['85000000'],
      deliveryAreas: ['E12000003'],
    });

    const second = await importTenders({ store, ref }, files);
    expect(second).toMatchObject({ imported: 0, updated: 0, unchanged: 246, entries: 253 });
    expect(second.superseded).toHaveLength(7);
  });
});

describe('organisation import into Neo4j', () => {
  const charity = `98${String(randomInt(0, 100_000)).padStart(5, '0')}`;
  const company = `98${String(randomInt(0, 1_000_000)).padStart(6, '0')}`;
  const chc = `GB-CHC-${charity}`;
  const coh = `GB-COH-${company}`;
  /** the four real grants to charity 1084817 / company 03852249, from three funders' files, renumbered */
  const files: ImportFile[] = [
    '360giving_covid19_grants_snapshot_2020-05-07_trimmed.json',
    '360giving_powertochange_grants_2015-2019_trimmed.json',
    '360giving_lloydsbankfoundation_grants_2010-2015_trimmed.json',
  ].map((name) => {
    const doc = JSON.parse(fixture(`orgs/${name}`)) as { grants: unknown[] };
    const grants = doc.grants.map((g) => JSON.stringify(g)).filter((g) => g.includes('1084817') || g.includes('03852249'));
    const renumbered = grants.map((g) => g.replaceAll('1084817', charity).replaceAll('03852249', company));
    return { name, text: `{"grants": [${renumbered.join(',')}]}` };
  });

  afterAll(async () => {
    await store.deleteByIdPrefix(chc);
    await store.deleteByIdPrefix(coh);
  });

  it('when a charity is listed under GB-CHC by two funders and under GB-COH by another, then it is one node, and a re-import is unchanged', async () => {
    expect(files.map((f) => (JSON.parse(f.text) as { grants: unknown[] }).grants.length)).toEqual([1, 2, 1]);

    const first = await importOrganisationFiles({ store, ref }, files);
    expect(first).toMatchObject({ entries: 4, recordsImported: 4, organisations: 1, imported: 1, rejected: [] });
    expect(first.merged).toEqual([{ id: chc, aliases: [coh], records: 4 }]);
    expect((await store.getOrganisation(chc))?.name).toBe('Future Regeneration of Grangetown'); // the grant files' name (GrantNav test data)
    expect(await store.getOrganisation(coh)).toBeUndefined();

    const second = await importOrganisationFiles({ store, ref }, files);
    expect(second).toMatchObject({ imported: 0, updated: 0, unchanged: 1 });
  });

  it('when the organisation described itself before the import, then Neo4j keeps its services and private fields', async () => {
    const self = buildOrganisation({
      id: chc,
      name: 'Scotswood Garden (self-described)',
      services: ['85312000'],
      private: { doNotPartnerWith: [], redLines: ['no payment by results'], bidPlans: [] },
    });
    await store.upsertOrganisations([self]);

    const report = await importOrganisationFiles({ store, ref }, files);
    expect(report).toMatchObject({ updated: 1 });
    const after = await store.getOrganisation(chc);
    expect(after).toMatchObject({
      name: 'Future Regeneration of Grangetown',
      services: ['85312000'],
      private: { redLines: ['no payment by results'] },
    });
    expect(await importOrganisationFiles({ store, ref }, files)).toMatchObject({ unchanged: 1 });
  });
});
