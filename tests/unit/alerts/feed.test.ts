/**
 * The alerts feed (src/alerts/feed.ts) on the embedded store: a directory read once per file content, an HTTP
 * endpoint followed through links.next (a real local server), new / changed / unchanged tenders against the version
 * last alerted, and bad releases or pages reported without stopping the rest.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FEED_DEFAULTS, markAlerted, readFeed } from '../../../src/alerts/feed.ts';
import { newsOf, tenderVersion } from '../../../src/alerts/feed-version.ts';
import { defaultReference } from '../../../src/reference/load.ts';
import { EmbeddedStore } from '../../../src/store/embedded/embedded-store.ts';
import { buildTender } from '../../builders.ts';
import { buildRelease } from '../import/support.ts';

const ref = defaultReference();
const pkg = (releases: unknown[], next?: string) => JSON.stringify({ releases, ...(next ? { links: { next } } : {}) });
const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'alerts-feed-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function serve(pages: Record<string, () => { status: number; body: string }>): Promise<string> {
  const server: Server = createServer((req, res) => {
    const page = pages[req.url ?? ''];
    const answer = page ? page() : { status: 404, body: 'not found' };
    res.writeHead(answer.status, { 'content-type': 'application/json' }).end(answer.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('tenderVersion and newsOf', () => {
  it('when a tender is the same whatever its key order, then its version is the same; any change makes another', () => {
    const t = buildTender({ id: 'T-1', title: 'Home care' });
    const reordered = Object.fromEntries(Object.entries(t).reverse()) as typeof t;
    expect(tenderVersion(reordered)).toBe(tenderVersion(t));
    expect(tenderVersion({ ...t, title: 'Home care services' })).not.toBe(tenderVersion(t));
    expect([newsOf('a', undefined), newsOf('a', 'b'), newsOf('a', 'a')]).toEqual(['new', 'changed', 'unchanged']);
  });
});

describe('readFeed from a directory', () => {
  it('when files are read, then their tenders are new; a file read before is skipped; a changed one is read again and its changed tender reported', async () => {
    const store = new EmbeddedStore();
    const dir = tempDir();
    const a = buildRelease({ ocid: 'ocds-feed-a', tender: { title: 'Home care in Bolton' } });
    const b = buildRelease({ ocid: 'ocds-feed-b', tender: { title: 'Day opportunities' } });
    writeFileSync(path.join(dir, '1.json'), pkg([a]));
    writeFileSync(path.join(dir, '2.json'), pkg([b]));
    writeFileSync(path.join(dir, 'notes.txt'), 'not a feed file');

    const first = await readFeed({ store, ref }, dir);
    expect(first.read.map((f) => path.basename(f))).toEqual(['1.json', '2.json']);
    expect(first.tenders.map((t) => [t.id, t.news])).toEqual([
      ['ocds-feed-a', 'new'],
      ['ocds-feed-b', 'new'],
    ]);
    expect(first.imported).toBe(2);
    // not yet alerted: still new at the next read, though the files are skipped now
    for (const t of first.tenders) await markAlerted({ store }, t.id, t.version, '2026-12-05T00:00:00Z');

    const second = await readFeed({ store, ref }, dir);
    expect(second).toMatchObject({ read: [], skipped: 2, tenders: [] });

    const a2 = {
      ...a,
      id: `${String(a.id)}-2`,
      date: '2025-03-01T10:00:00Z',
      tender: { ...(a.tender as object), title: 'Home care in Bolton and Wigan' },
    };
    writeFileSync(path.join(dir, '1.json'), pkg([a, a2]));
    const third = await readFeed({ store, ref }, dir);
    expect(third.skipped).toBe(1);
    expect(third.tenders.map((t) => [t.id, t.news, t.title])).toEqual([['ocds-feed-a', 'changed', 'Home care in Bolton and Wigan']]);
    expect(third.tenders[0]?.version).toBe(tenderVersion((await store.getTender('ocds-feed-a'))!));
  });

  it('when a read’s notices were never alerted (the run died after it), then the next read brings them back, though their files are skipped, until they are', async () => {
    const store = new EmbeddedStore();
    const dir = tempDir();
    writeFileSync(path.join(dir, '1.json'), pkg([buildRelease({ ocid: 'ocds-due-a' }), buildRelease({ ocid: 'ocds-due-b' })]));
    const died = await readFeed({ store, ref }, dir);
    expect(died.tenders.map((t) => t.id)).toEqual(['ocds-due-a', 'ocds-due-b']);

    const next = await readFeed({ store, ref }, dir);
    expect(next.skipped).toBe(1); // the file is not read again...
    expect(next.tenders.map((t) => [t.id, t.news])).toEqual([
      ['ocds-due-a', 'new'],
      ['ocds-due-b', 'new'],
    ]); // ...but its notices are still due
    await markAlerted({ store }, 'ocds-due-a', next.tenders[0].version, '2026-12-05T00:00:00Z');
    expect((await readFeed({ store, ref }, dir)).tenders.map((t) => t.id)).toEqual(['ocds-due-b']);
    await markAlerted({ store }, 'ocds-due-b', next.tenders[1].version, '2026-12-05T00:00:00Z');
    expect((await readFeed({ store, ref }, dir)).tenders).toEqual([]);
    expect((await store.records.findRecords({ kind: 'alert-notice-due', offset: 0, limit: 10 })).total).toBe(0);
  });

  it('when a file holds a bad release and another is not JSON, then both are reported with where and why, and the good release is imported', async () => {
    const store = new EmbeddedStore();
    const dir = tempDir();
    const good = buildRelease({ ocid: 'ocds-feed-good' });
    const bad = buildRelease({ ocid: 'ocds-feed-bad', tender: { title: '' } });
    delete (bad as { ocid?: unknown }).ocid;
    writeFileSync(path.join(dir, 'a.json'), pkg([bad, good]));
    writeFileSync(path.join(dir, 'b.json'), '{ not json');
    const report = await readFeed({ store, ref }, dir);
    expect(report.tenders.map((t) => t.id)).toEqual(['ocds-feed-good']);
    expect(report.rejected.map((r) => [path.basename(r.source), r.locator, r.reason.length > 0])).toEqual([
      ['a.json', 'releases[0]', true],
      ['b.json', 'document', true],
    ]);
    expect(report.rejected[0]?.reason).toMatch(/ocid/);
    // the unreadable file is not marked read: it is reported again next run; the good one is skipped
    const again = await readFeed({ store, ref }, dir);
    expect(again.skipped).toBe(1);
    expect(again.rejected.map((r) => path.basename(r.source))).toEqual(['b.json']);
  });
});

describe('readFeed from an HTTP endpoint', () => {
  it('when the package has links.next, then every page is read and imported, and a page that fails is reported without stopping the others', async () => {
    const store = new EmbeddedStore();
    const base = await serve({
      '/feed': () => ({ status: 200, body: pkg([buildRelease({ ocid: 'ocds-http-1' })], '/feed?page=2') }),
      '/feed?page=2': () => ({ status: 200, body: pkg([buildRelease({ ocid: 'ocds-http-2' })], '/feed?page=3') }),
      '/feed?page=3': () => ({ status: 500, body: 'boom' }),
    });
    const report = await readFeed({ store, ref }, `${base}/feed`);
    expect(report.read).toEqual([`${base}/feed`, `${base}/feed?page=2`]);
    expect(report.tenders.map((t) => [t.id, t.news])).toEqual([
      ['ocds-http-1', 'new'],
      ['ocds-http-2', 'new'],
    ]);
    expect(report.rejected).toEqual([
      { source: `${base}/feed?page=3`, position: 0, locator: 'document', reason: 'GET answered 500 Internal Server Error' },
    ]);
  });

  it('when pages loop, run past the page limit or are too large, then reading stops there and says so', async () => {
    const store = new EmbeddedStore();
    const base = await serve({
      '/loop': () => ({ status: 200, body: pkg([buildRelease({ ocid: 'ocds-loop' })], '/loop') }),
      '/big': () => ({ status: 200, body: pkg([buildRelease({ ocid: 'ocds-big', tender: { description: 'x'.repeat(5000) } })]) }),
      '/p1': () => ({ status: 200, body: pkg([], '/p2') }),
      '/p2': () => ({ status: 200, body: pkg([], '/p3') }),
    });
    const loop = await readFeed({ store, ref }, `${base}/loop`);
    expect(loop.tenders.map((t) => t.id)).toEqual(['ocds-loop']);
    expect(loop.rejected.map((r) => r.reason)).toEqual(['links.next points back to a page already read; stopped']);
    await markAlerted({ store }, 'ocds-loop', loop.tenders[0].version, '2026-12-05T00:00:00Z'); // no longer due

    const big = await readFeed({ store, ref }, `${base}/big`, { ...FEED_DEFAULTS, maxBytes: 1000 });
    expect(big.tenders).toEqual([]);
    expect(big.rejected.map((r) => r.reason)).toEqual(['the page is more than the 1000 bytes a feed page may be']);

    const limited = await readFeed({ store, ref }, `${base}/p1`, { ...FEED_DEFAULTS, maxPages: 1 });
    expect(limited.read).toEqual([`${base}/p1`]);
    expect(limited.rejected.map((r) => [r.source, r.reason])).toEqual([[`${base}/p2`, 'more than 1 pages; the rest are read next run']]);
  });
});
