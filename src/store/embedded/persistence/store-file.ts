/**
 * Organisations and tenders of the embedded store, kept in the data directory's database: one row per record,
 * its canonical JSON. The embedded store writes a batch here (one transaction, on disk when it returns) before
 * it changes its memory, and reads everything back at start-up.
 *
 * Start-up speed: rows are written normalised, so while the Organisation schema is the one they were written
 * with (a fingerprint of its JSON Schema, kept in `meta`) they are read with JSON.parse alone. After an upgrade
 * that changed the schema, every row is parsed with it once (defaults filled in; a row that no longer fits stops
 * the start with its id) and written back.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { normaliseOrganisation } from '../../../organisations/normalise.ts';
import { Organisation } from '../../../organisations/schema.ts';
import { StoreUnavailableError } from '../../../shared/errors.ts';
import type { PartnerScorePersistence } from '../../../refresh/embedded-partner-scores.ts';
import { Tender } from '../../../tenders/schema.ts';
import { canonicalJson } from '../../../shared/canonical-json.ts';
import { openEmbeddedDatabase, type EmbeddedDatabase } from './database.ts';
import { sqlitePartnerScorePersistence } from './partner-scores-file.ts';
import { sqliteRecordStore } from './records-file.ts';
import type { RecordStore } from '../../records.ts';

/** What the embedded store needs from its file; see EmbeddedStore. */
export interface StorePersistence {
  /** Every stored organisation's id (read from the primary key alone): strings for the store to keep. */
  organisationIds(): string[];
  /**
   * Every stored organisation, normalised and valid under today's schema (see the module comment), read a row at a
   * time while the schema is unchanged: a row's text is garbage as soon as it is parsed, where reading every row
   * first held a million rows' text at once (≈1 GB) through start-up's garbage collections.
   */
  loadOrganisations(): Iterable<Organisation>;
  loadTenders(): Tender[];
  /** Writes the batch in one transaction; durable when it returns. Throws StoreUnavailableError. */
  saveOrganisations(orgs: readonly { id: string; json: string }[]): void;
  saveTenders(tenders: readonly { id: string; json: string }[]): void;
  /** the refresh runs and partner lists kept in the same file (EmbeddedPartnerScores) */
  readonly partnerScores: PartnerScorePersistence;
  /** accounts, tokens, sessions, claims, audit, introductions, in the same file (records-file.ts) */
  readonly records: RecordStore;
  /** where it is kept, for logs and health */
  readonly location: string;
  close(): void;
}

/**
 * The data directory's database (':memory:' keeps nothing), ready for the embedded store. StoreUnavailableError
 * when it cannot be opened.
 */
export function openDataDirectory(dataDir: string): StorePersistence {
  return sqliteStorePersistence(openEmbeddedDatabase(dataDir));
}

const SCHEMA_KEY = 'organisation_schema';
let fingerprint: string | undefined;

/** A hash of the Organisation schema as JSON Schema: changes when a field is added, removed or retyped. */
function organisationSchemaFingerprint(): string {
  fingerprint ??= createHash('sha256')
    .update(JSON.stringify(z.toJSONSchema(Organisation, { io: 'output', unrepresentable: 'any' })))
    .digest('hex')
    .slice(0, 16);
  return fingerprint;
}

export function sqliteStorePersistence(database: EmbeddedDatabase): StorePersistence {
  const { db } = database;
  const getMeta = db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?');
  const putMeta = db.prepare<[string, string]>(
    'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  );
  const markSchema = () => putMeta.run(SCHEMA_KEY, organisationSchemaFingerprint());

  /** Parses every row with today's schema, writes the results back and records the schema. */
  const migrateOrganisations = (rows: { id: string; doc: string }[]): Organisation[] => {
    const orgs = rows.map((row) => {
      const parsed = Organisation.safeParse(JSON.parse(row.doc));
      if (!parsed.success) {
        throw new StoreUnavailableError(
          `embedded store: organisation ${row.id} in ${database.path} does not fit this version's schema: ${parsed.error.issues
            .map((i) => `${i.path.join('.')}: ${i.message}`)
            .join('; ')}`,
        );
      }
      return normaliseOrganisation(parsed.data);
    });
    database.write(() => {
      orgs.forEach((o) => putOrg.run(o.id, canonicalJson(o)));
      markSchema();
    });
    return orgs;
  };
  const putOrg = db.prepare<[string, string]>(
    'INSERT INTO organisations (id, doc) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET doc = excluded.doc',
  );
  const putTender = db.prepare<[string, string]>(
    'INSERT INTO tenders (id, doc) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET doc = excluded.doc',
  );
  const allOrgs = db.prepare<[], { id: string; doc: string }>('SELECT id, doc FROM organisations');
  const allOrgDocs = db.prepare<[], string>('SELECT doc FROM organisations').pluck();
  const allOrgIds = db.prepare<[], string>('SELECT id FROM organisations').pluck();
  const allTenders = db.prepare<[], { doc: string }>('SELECT doc FROM tenders');
  return {
    organisationIds: () => allOrgIds.all(),
    loadOrganisations() {
      if (getMeta.get(SCHEMA_KEY)?.value === organisationSchemaFingerprint()) return parsed(allOrgDocs.iterate());
      const rows = allOrgs.all();
      return rows.length === 0 ? [] : migrateOrganisations(rows);
    },
    loadTenders: () => allTenders.all().map((row) => Tender.parse(JSON.parse(row.doc))),
    saveOrganisations(orgs) {
      if (orgs.length === 0) return;
      database.write(() => {
        orgs.forEach((o) => putOrg.run(o.id, o.json));
        markSchema();
      });
    },
    saveTenders(tenders) {
      if (tenders.length > 0) database.write(() => tenders.forEach((t) => putTender.run(t.id, t.json)));
    },
    partnerScores: sqlitePartnerScorePersistence(database),
    records: sqliteRecordStore(database),
    location: database.path,
    close: () => database.close(),
  };
}

function* parsed(docs: Iterable<string>): Generator<Organisation> {
  for (const doc of docs) yield JSON.parse(doc) as Organisation;
}
