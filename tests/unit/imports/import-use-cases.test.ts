/**
 * The import use cases on the embedded store (the Neo4j runs are in tests/integration/import-neo4j.test.ts):
 * counts that add up, idempotent re-import, newest release across files, nothing written from an unreadable
 * file, a stored organisation keeping what the import does not state, and a store refusal isolated to its
 * record.
 */
import { describe, expect, it } from 'vitest';
import { importOrganisationFiles } from '../../../src/imports/import-organisations.ts';
import { importTenders } from '../../../src/imports/import-tenders.ts';
import { readImportFiles } from '../../../src/imports/read-files.ts';
import { reasonKind, topReasons } from '../../../src/imports/report.ts';
import { defaultReference } from '../../../src/reference/load.ts';
import { ValidationError } from '../../../src/shared/errors.ts';
import { EmbeddedStore } from '../../../src/store/embedded/embedded-store.ts';
import { buildOrganisation } from '../../builders.ts';
import { OCDS_SAMPLES, buildRelease, fixture } from '../import/support.ts';

const ref = defaultReference();
const ocdsFiles = () => OCDS_SAMPLES.map((name) => ({ name, text: fixture(`ocds/${name}`) }));
const pkg = (...releases: unknown[]) => JSON.stringify({ releases });

describe('importTenders', () => {
  it('when the three real sample files are imported, then imported + rejected + superseded add up to the 253 releases, in batches', async () => {
    const store = new EmbeddedStore();
    const progress: [number, number][] = [];
    const report = await importTenders({ store, ref }, ocdsFiles(), {
      batchSize: 100,
      onProgress: ({ done, total = 0 }) => progress.push([done, total]),
    });

    expect(report).toMatchObject({ kind: 'ocds', store: 'embedded', entries: 253, imported: 246, updated: 0, unchanged: 0, batches: 3 });
    expect(report.imported + report.updated + report.unchanged + report.rejected.length + report.superseded.length).toBe(report.entries);
    expect(report.files.map((f) => f.entries)).toEqual([133, 60, 60]);
    expect(progress).toEqual([
      [0, 246],
      [100, 246],
      [200, 246],
      [246, 246],
    ]);
    expect((await store.listTenders(0, 1)).total).toBe(246);
  });

  it('when the same files are imported twice, then the second run changes nothing and reports every tender unchanged', async () => {
    const store = new EmbeddedStore();
    await importTenders({ store, ref }, ocdsFiles());
    const second = await importTenders({ store, ref }, ocdsFiles());
    expect(second).toMatchObject({ imported: 0, updated: 0, unchanged: 246, entries: 253 });
    expect(second.superseded).toHaveLength(7);
  });

  it('when one ocid is in two files, then the newest release wins whichever file comes first, and the other is superseded', async () => {
    const store = new EmbeddedStore();
    const newer = buildRelease({ ocid: 'ocds-x-1', id: 'r2', date: '2025-03-01T00:00:00Z', tender: { title: 'Newer title' } });
    const older = buildRelease({ ocid: 'ocds-x-1', id: 'r1', date: '2025-01-01T00:00:00Z', tender: { title: 'Older title' } });
    const report = await importTenders({ store, ref }, [
      { name: 'b.json', text: pkg(newer) },
      { name: 'a.json', text: pkg(older) },
    ]);
    expect((await store.getTender('ocds-x-1'))?.title).toBe('Newer title');
    expect(report.superseded).toEqual([
      { source: 'a.json', position: 0, locator: 'releases[0]', id: 'ocds-x-1', releaseId: 'r1', supersededBy: 'b.json releases[0]' },
    ]);
    expect(report.imported + report.superseded.length).toBe(report.entries);
  });

  it('when a release cannot be mapped, then it is rejected with its ocid, position and reason and the others are imported', async () => {
    const store = new EmbeddedStore();
    const bad = buildRelease({ ocid: 'ocds-x-bad', tender: { classification: undefined, items: [] } });
    const report = await importTenders({ store, ref }, [{ name: 'mixed.json', text: pkg(buildRelease({ ocid: 'ocds-x-good' }), bad) }]);
    expect(report.imported).toBe(1);
    expect(report.rejected).toEqual([
      {
        source: 'mixed.json',
        position: 1,
        locator: 'releases[1]',
        id: 'ocds-x-bad',
        reason: expect.stringContaining('no usable CPV code'),
      },
    ]);
    expect(await store.getTender('ocds-x-bad')).toBeUndefined();
  });

  it('when a file holds no readable document, then ValidationError names it and nothing from any file is written', async () => {
    const store = new EmbeddedStore();
    const run = importTenders({ store, ref }, [...ocdsFiles(), { name: 'broken.json', text: '{"releases": [' }]);
    await expect(run).rejects.toBeInstanceOf(ValidationError);
    await expect(run).rejects.toMatchObject({ issues: [{ path: 'broken.json', message: expect.stringContaining('not valid JSON') }] });
    expect((await store.listTenders(0, 1)).total).toBe(0);
  });

  it('when the store refuses one tender of a batch, then that tender is rejected with the store reason and the rest of the batch is written', async () => {
    const store = new EmbeddedStore();
    const upsert = store.upsertTenders.bind(store);
    store.upsertTenders = async (batch) => {
      if (batch.some((t) => t.id === 'ocds-x-3')) throw new Error('value too large for the index');
      return upsert(batch);
    };
    const releases = [1, 2, 3, 4, 5].map((i) => buildRelease({ ocid: `ocds-x-${i}` }));
    const report = await importTenders({ store, ref }, [{ name: 'five.json', text: pkg(...releases) }], { batchSize: 5 });
    expect(report.imported).toBe(4);
    expect(report.rejected).toEqual([
      {
        source: 'five.json',
        position: 2,
        locator: 'releases[2]',
        id: 'ocds-x-3',
        reason: 'the store refused it: value too large for the index',
      },
    ]);
    expect(report.imported + report.rejected.length).toBe(report.entries);
  });
});

describe('importOrganisationFiles', () => {
  const orgFiles = () =>
    [
      '360giving_covid19_grants_snapshot_2020-05-07_trimmed.json',
      '360giving_powertochange_grants_2015-2019_trimmed.json',
      '360giving_lloydsbankfoundation_grants_2010-2015_trimmed.json',
      'nhs_trusts_ods_etr.csv',
      'providers-with-errors.csv',
    ].map((name) => ({ name, text: fixture(`orgs/${name}`) }));

  it('when the real organisation files are imported twice, then every record is accounted for, the CHC/COH pair is one organisation, and the second run is unchanged', async () => {
    const store = new EmbeddedStore();
    const first = await importOrganisationFiles({ store, ref }, orgFiles());
    expect(first.recordsImported + first.rejected.length).toBe(first.entries);
    expect(first.imported).toBe(first.organisations);
    expect(await store.getOrganisation('GB-CHC-1084817')).toBeDefined();
    expect(await store.getOrganisation('GB-COH-03852249')).toBeUndefined();
    expect(first.merged).toContainEqual(expect.objectContaining({ id: 'GB-CHC-1084817', aliases: ['GB-COH-03852249'] }));
    expect(first.rejected.filter((r) => r.source === 'providers-with-errors.csv').length).toBeGreaterThan(0);

    const second = await importOrganisationFiles({ store, ref }, orgFiles());
    expect(second).toMatchObject({ imported: 0, updated: 0, unchanged: first.organisations });
  });

  it('when an imported organisation is already stored, then its self-described services, partnerships and private fields are kept and a re-import is unchanged', async () => {
    const store = new EmbeddedStore();
    const stored = buildOrganisation({
      id: 'GB-CHC-1084817',
      name: 'Old name',
      kind: 'public_service_mutual',
      services: ['85312000'],
      values: ['staff_ownership'],
      openToPartnering: false,
      partnerships: [{ partnerId: 'GB-CHC-1', model: 'alliance', year: 2020, outcome: 'won', success: 5 }],
      private: { doNotPartnerWith: ['GB-CHC-2'], redLines: ['no TUPE'], bidPlans: [] },
    });
    await store.upsertOrganisations([stored]);
    const changed: string[][] = [];
    const events = { organisationsChanged: async (ids: readonly string[]) => void changed.push([...ids]) };

    const grantsOnly = () => orgFiles().filter((f) => f.name.startsWith('360giving'));
    const first = await importOrganisationFiles({ store, ref, events }, grantsOnly());
    const after = (await store.getOrganisation('GB-CHC-1084817'))!;
    expect(after.name).not.toBe('Old name'); // the grant files state a name
    expect(after).toMatchObject({
      kind: 'public_service_mutual',
      services: ['85312000'],
      values: ['staff_ownership'],
      openToPartnering: false,
    });
    expect(after.partnerships).toEqual(stored.partnerships);
    expect(after.private).toEqual(stored.private);
    expect(first.updated).toBe(1);
    expect(changed.flat()).toContain('GB-CHC-1084817');

    changed.length = 0;
    expect(await importOrganisationFiles({ store, ref, events }, grantsOnly())).toMatchObject({ imported: 0, updated: 0 });
    expect(changed).toEqual([]);
  });

  it('when a file is in no supported format, then ValidationError names it and nothing is written', async () => {
    const store = new EmbeddedStore();
    await expect(importOrganisationFiles({ store, ref }, [...orgFiles(), { name: 'notes.csv', text: 'a,b\n1,2\n' }])).rejects.toMatchObject(
      {
        issues: [{ path: 'notes.csv', message: expect.stringContaining('CSV header not recognised') }],
      },
    );
    expect((await store.listOrganisations(0, 1)).total).toBe(0);
  });
});

describe('report helpers', () => {
  it('when reasons differ only by codes, numbers or quoted text, then they count as one kind', () => {
    expect(reasonKind('unknown CPV code 12345678')).toBe('unknown CPV code …');
    expect(reasonKind('closed on 2020-03-26')).toBe('closed on …');
    expect(reasonKind('not valid JSON: Unexpected token')).toBe('not valid JSON');
    const r = (reason: string) => ({ source: 'f', position: 0, locator: 'x', reason });
    expect(topReasons([r('closed on 2020-01-01'), r('closed on 2021-02-02'), r('no tender title')])).toEqual([
      { reason: 'closed on …', count: 2 },
      { reason: 'no tender title', count: 1 },
    ]);
  });

  it('when a path cannot be read, then readImportFiles names every such path', async () => {
    await expect(readImportFiles(['/nonexistent/a.json', '/nonexistent/b.json'])).rejects.toMatchObject({
      issues: [
        { path: '/nonexistent/a.json', message: 'cannot read the file (ENOENT)' },
        { path: '/nonexistent/b.json', message: 'cannot read the file (ENOENT)' },
      ],
    });
  });
});
