/**
 * Every input issue #16 found stalling or breaking the service, sent over HTTP: each answers within 100 ms with a
 * correct result or a 4xx naming the problem, as JSON, short, never echoing the body. Timed as the best of three
 * (a busy machine does not fail it; a return to super-linear work, seconds, does).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pathologicalCases } from '../../bench/pathological.ts';
import { coreSlices } from '../../src/features.ts';
import { importSlice } from '../../src/imports/routes.ts';
import { coreDeps, startTestServer } from './helpers.ts';

let server: Awaited<ReturnType<typeof startTestServer>>;

beforeAll(async () => {
  const deps = coreDeps();
  server = await startTestServer(deps, [...coreSlices(deps), importSlice(deps, { maxBytes: 64 * 1024 * 1024 })]);
});
afterAll(() => server.close());

async function send(method: string, path: string, body: string) {
  const started = performance.now();
  const res = await fetch(server.server.url + path, { method, headers: { 'content-type': 'application/json' }, body });
  const text = await res.text();
  return { ms: performance.now() - started, status: res.status, type: res.headers.get('content-type') ?? '', text };
}

describe('inputs that once stalled the service (issue #16)', () => {
  for (const c of pathologicalCases()) {
    it(`when a request has ${c.name}, then it is answered correctly within 100 ms`, async () => {
      let best = Infinity;
      let last: Awaited<ReturnType<typeof send>> | undefined;
      for (let i = 0; i < 3; i++) {
        last = await send(c.method, c.path, c.body);
        best = Math.min(best, last.ms);
      }
      const answer = last!;
      expect(answer.type).toMatch(/^application\/json/);
      // an error is a few lines; a stored tender at most its bounded fields (a 20,000-character description)
      expect(answer.text.length).toBeLessThan(c.expect === 'stored' ? 32 * 1024 : 4 * 1024);
      const json = JSON.parse(answer.text) as Record<string, unknown> & { error?: { code: string; message: string } };
      if (c.expect === 'stored') {
        expect([200, 201]).toContain(answer.status);
        expect(c.check?.(json)).toBe(true);
      } else {
        expect(answer.status).toBe(c.expect);
        expect(json.error?.message).toBeTruthy();
      }
      expect(best).toBeLessThan(100);
    });
  }
});
