/**
 * Uploads over real HTTP (POST /v1/imports/organisations, /v1/imports/ocds) on the embedded store, with the real
 * register and Find a Tender samples: the same per-record report as the CLI, multipart or a raw body, and a 413
 * past the limit — declared up front or found while streaming — with nothing imported.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { coreSlices } from '../../src/features.ts';
import { importSlice } from '../../src/imports/routes.ts';
import { EmbeddedStore } from '../../src/store/embedded/embedded-store.ts';
import { coreDeps, startTestServer } from './helpers.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const read = (path: string) => readFileSync(`${ROOT}${path}`);
const TRAFFORD_CHARITIES = 'data/registers/charity-commission/trafford-charities-operating-in-trafford-2021-05.csv';
const TRAFFORD_AREAS = 'data/registers/charity-commission/trafford-area-of-operation-2021-05.csv';
const FTS = 'data/registers/find-a-tender/fts-release-package-2026-10-06-limit-4.json';
const LIMIT = 320 * 1024; // the Trafford files are 271 + 14 KB; the UKCAT top 2,000 file is 2.4 MB
const TOO_BIG = 'data/registers/charity-commission/ukcat-top2000-largest.csv';

const store = new EmbeddedStore();
let api: Awaited<ReturnType<typeof startTestServer>>;

beforeAll(async () => {
  const deps = coreDeps(store);
  api = await startTestServer(deps, [...coreSlices(deps), importSlice(deps, { maxBytes: LIMIT })]);
});
afterAll(() => api.close());

function form(...files: [name: string, bytes: Buffer][]): FormData {
  const body = new FormData();
  for (const [name, bytes] of files) body.append('file', new Blob([new Uint8Array(bytes)]), name);
  return body;
}

describe('POST /v1/imports/organisations', () => {
  it('when files are uploaded as multipart/form-data, then the report is the CLI’s and the organisations are stored with their sources', async () => {
    const res = await fetch(`${api.server.url}/v1/imports/organisations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${api.adminToken}` },
      body: form(['charities.csv', read(TRAFFORD_CHARITIES)], ['areas.csv', read(TRAFFORD_AREAS)]),
    });
    expect(res.status).toBe(200);
    const report = (await res.json()) as Record<string, unknown> & { files: { name: string; shape: string }[]; rejected: unknown[] };
    expect(report).toMatchObject({ kind: 'organisations', store: 'embedded', imported: 736, entries: 1472, recordsImported: 1472 });
    expect(report.files.map((f) => [f.name, f.shape])).toEqual([
      ['charities.csv', 'ccew-charity-csv'],
      ['areas.csv', 'ccew-area-of-operation-csv'],
    ]);
    const beacon = await api.call('GET', '/v1/organisations/GB-CHC-1109545');
    expect(beacon.body.provenance.areas.E08000009).toMatchObject({ kind: 'register', register: 'charity-commission', date: '2021-05-27' });
  });

  it('when a provider CSV with bad rows is sent as the body, then 200 lists each rejected row with its line and reason', async () => {
    const res = await fetch(`${api.server.url}/v1/imports/organisations?name=providers.csv`, {
      method: 'POST',
      headers: { authorization: `Bearer ${api.adminToken}`, 'content-type': 'text/csv' },
      body: read('tests/fixtures/orgs/providers-with-errors.csv'),
    });
    expect(res.status).toBe(200);
    const report = (await res.json()) as { rejected: { source: string; locator: string; id?: string; reason: string }[] };
    expect(report.rejected).toContainEqual(
      expect.objectContaining({
        source: 'providers.csv',
        id: 'TEST-BAD-CPV',
        reason: expect.stringContaining('unknown CPV code 85999999'),
      }),
    );
  });

  it('when the upload declares a size over the limit, then 413 names the limit and nothing is imported', async () => {
    const before = (await store.listOrganisations(0, 0)).total;
    const res = await fetch(`${api.server.url}/v1/imports/organisations?name=big.csv`, {
      method: 'POST',
      headers: { authorization: `Bearer ${api.adminToken}`, 'content-type': 'text/csv' },
      body: read(TOO_BIG),
    });
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({
      error: {
        code: 'PAYLOAD_TOO_LARGE',
        message:
          'The upload is larger than the limit of 320 KiB (UPLOAD_MAX_BYTES); split it into smaller files, or import it with the CLI',
      },
    });
    expect((await store.listOrganisations(0, 0)).total).toBe(before);
  });

  it('when a streamed upload without a declared size crosses the limit, then 413 too, multipart or raw', async () => {
    const bytes = read(TOO_BIG);
    const stream = () =>
      new ReadableStream<Uint8Array>({
        start(controller) {
          for (let i = 0; i < bytes.length; i += 16 * 1024) controller.enqueue(new Uint8Array(bytes.subarray(i, i + 16 * 1024)));
          controller.close();
        },
      });
    const raw = await fetch(`${api.server.url}/v1/imports/organisations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${api.adminToken}`, 'content-type': 'text/csv' },
      body: stream(),
      duplex: 'half',
    });
    expect(raw.status).toBe(413);
    const boundary = 'consortia-test-boundary';
    const head = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.csv"\r\nContent-Type: text/csv\r\n\r\n`,
    );
    const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
    const multipart = Buffer.concat([head, bytes, tail]);
    const res = await fetch(`${api.server.url}/v1/imports/organisations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${api.adminToken}`, 'content-type': `multipart/form-data; boundary=${boundary}` },
      body: new ReadableStream<Uint8Array>({
        start(controller) {
          for (let i = 0; i < multipart.length; i += 16 * 1024) controller.enqueue(new Uint8Array(multipart.subarray(i, i + 16 * 1024)));
          controller.close();
        },
      }),
      duplex: 'half',
    });
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('when a file is in no supported format, or there is no file, then 400 names it and nothing is imported', async () => {
    const res = await fetch(`${api.server.url}/v1/imports/organisations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${api.adminToken}` },
      body: form(['notes.csv', Buffer.from('a,b\n1,2\n')]),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({
      error: { code: 'VALIDATION_FAILED', issues: [{ path: 'notes.csv', message: expect.stringContaining('CSV header not recognised') }] },
    });
    const empty = await fetch(`${api.server.url}/v1/imports/organisations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${api.adminToken}`, 'content-type': 'text/csv' },
      body: '',
    });
    expect(empty.status).toBe(400);
  });
});

describe('POST /v1/imports/ocds', () => {
  it('when the real Find a Tender package is uploaded, then the UK4 supported-living tender is stored under its ocid and the awards are reported rejected', async () => {
    const res = await fetch(`${api.server.url}/v1/imports/ocds?name=fts.json`, {
      method: 'POST',
      headers: { authorization: `Bearer ${api.adminToken}`, 'content-type': 'application/json' },
      body: read(FTS),
    });
    expect(res.status).toBe(200);
    const report = (await res.json()) as { kind: string; entries: number; imported: number; rejected: unknown[] };
    expect(report).toMatchObject({ kind: 'ocds', entries: 4, imported: 1 });
    // the three UK6 award notices carry no tender CPV code: each is reported with the reason
    expect(report.rejected).toHaveLength(3);
    const aldbanks = await api.call('GET', '/v1/tenders/ocds-h6vhtk-078219');
    expect(aldbanks.body).toMatchObject({
      title: expect.stringContaining('Aldbanks Supported Living'),
      lots: [{ id: '1', cpvCodes: ['85311000'] }],
      deliveryAreas: ['E06000056'],
      valueGbp: 2_772_000,
      buyer: { name: 'Central Bedfordshire Council' },
    });
  });
});
