import { afterEach, describe, expect, it } from 'vitest';
import { EmbeddedStore } from '../../../src/store/embedded/embedded-store.ts';
import { openEmbeddedDatabase } from '../../../src/store/embedded/persistence/database.ts';
import { openDataDirectory } from '../../../src/store/embedded/persistence/store-file.ts';
import { StoreUnavailableError } from '../../../src/shared/errors.ts';
import { buildOrganisation } from '../../builders.ts';
import { tempDataDirectory, type TempDataDirectory } from '../../support/reopening.ts';

/** Rewrites the stored rows as an older version would have left them: another schema recorded, `change` applied. */
function ageFile(dir: string, change: (doc: Record<string, unknown>) => void): void {
  const database = openEmbeddedDatabase(dir);
  const { db } = database;
  db.prepare("UPDATE meta SET value = 'an older schema' WHERE key = 'organisation_schema'").run();
  for (const row of db.prepare<[], { id: string; doc: string }>('SELECT id, doc FROM organisations').all()) {
    const doc = JSON.parse(row.doc) as Record<string, unknown>;
    change(doc);
    db.prepare('UPDATE organisations SET doc = ? WHERE id = ?').run(JSON.stringify(doc), row.id);
  }
  database.close();
}

describe('the embedded store file at start-up', () => {
  let data: TempDataDirectory | undefined;
  afterEach(() => data?.remove());

  const a = buildOrganisation({ id: 'ORG-A', spareCapacity: 'limited' });
  const b = buildOrganisation({
    id: 'ORG-B',
    partnerships: [{ partnerId: 'ORG-A', model: 'alliance', year: 2021, outcome: 'won', success: 4 }],
  });

  async function filled(): Promise<TempDataDirectory> {
    const made = tempDataDirectory();
    await new EmbeddedStore({ persistence: made.persistence }).upsertOrganisations([b, a]);
    made.persistence.close();
    return made;
  }

  it('when the schema is unchanged, then every organisation and its partnerships come back, read a row at a time', async () => {
    data = await filled();
    const store = new EmbeddedStore({ persistence: openDataDirectory(data.dir) });
    expect(await store.getOrganisations(['ORG-A', 'ORG-B'])).toEqual([a, b]);
    expect((await store.partnershipsAround(['ORG-A'], 1)).records).toEqual([{ ...b.partnerships[0], holderId: 'ORG-B' }]);
    await store.close();
  });

  it('when the file was written under another schema, then each row is parsed with today’s (defaults filled in) and written back', async () => {
    data = await filled();
    ageFile(data.dir, (doc) => delete doc.spareCapacity);
    const store = new EmbeddedStore({ persistence: openDataDirectory(data.dir) });
    expect((await store.getOrganisation('ORG-A'))?.spareCapacity).toBe('some');
    await store.close();
    const database = openEmbeddedDatabase(data.dir);
    const { db } = database;
    const doc = db.prepare<[string], { doc: string }>('SELECT doc FROM organisations WHERE id = ?').get('ORG-A')!.doc;
    const schema = db.prepare<[], { value: string }>("SELECT value FROM meta WHERE key = 'organisation_schema'").get()!.value;
    database.close();
    expect(JSON.parse(doc).spareCapacity).toBe('some');
    expect(schema).not.toBe('an older schema');
  });

  it('when a row no longer fits the schema, then the start stops with its id', async () => {
    data = await filled();
    ageFile(data.dir, (doc) => {
      if (doc.id === 'ORG-B') doc.kind = 'guild';
    });
    const persistence = openDataDirectory(data.dir);
    expect(() => new EmbeddedStore({ persistence })).toThrow(StoreUnavailableError);
    expect(() => new EmbeddedStore({ persistence })).toThrow(/organisation ORG-B .* kind/);
    persistence.close();
  });
});
