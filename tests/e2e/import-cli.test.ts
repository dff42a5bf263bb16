/**
 * The real `consortia` binary (bin/consortia.js) on the embedded store, and its data directory shared with the
 * API (`npm start`, src/main.ts): exit code 0 when the import ran, rejections or not; 1 when an input file cannot
 * be read; what one process stores, the next one sees — CLI import → API, API write → CLI match.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DATA_DIR = mkdtempSync(join(tmpdir(), 'consortia-cli-'));
const ENV = { ...process.env, STORE: 'embedded', DATA_DIR, DEMO_DATA: 'false', REFRESH_ON_START: 'false', LOG_LEVEL: 'info' };
const children: ChildProcess[] = [];

afterAll(() => {
  for (const child of children) child.kill('SIGTERM');
  rmSync(DATA_DIR, { recursive: true, force: true });
});

function consortia(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['bin/consortia.js', ...args], { cwd: ROOT, env: ENV, timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

/** `npm start`'s entry point on DATA_DIR, on a free port; resolves with its URL once it listens. */
function startApi(): Promise<string> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { cwd: ROOT, env: { ...ENV, PORT: '0' } });
  children.push(child);
  let out = '';
  return new Promise((resolve, reject) => {
    child.on('exit', (code) => reject(new Error(`the API exited (${code}): ${out}`)));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      const url = /"url":"(http:[^"]+)"/.exec(out)?.[1];
      if (url) resolve(url);
    });
  });
}

describe('consortia import (the binary)', () => {
  it('when a file with a rejected entry is imported, then the exit code is 0 and the summary says what was rejected and where it is kept', async () => {
    const res = await consortia('import', 'ocds', 'tests/fixtures/ocds/quirks/json-lines.jsonl');
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/rejected\s*│\s*1/);
    expect(res.stdout).toContain(`Kept in ${DATA_DIR}`);
    expect(res.stderr).toMatch(/import: \d+\/\d+ tenders stored or checked/);
  });

  it('when an input file does not exist, then the exit code is 1 and the file is named', async () => {
    const res = await consortia('import', 'orgs', 'tests/fixtures/orgs/no-such-file.csv');
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('tests/fixtures/orgs/no-such-file.csv: cannot read the file (ENOENT)');
  });

  it('when organisations are imported by the CLI, then the API started afterwards serves them, and what the API stores the CLI matches on', async () => {
    const imported = await consortia('import', 'orgs', 'data/templates/providers.csv');
    expect(imported.code).toBe(0);

    const url = await startApi();
    const read = await fetch(`${url}/v1/organisations/EXAMPLE-PSM-1`);
    expect(read.status).toBe(200);
    expect(await read.json()).toMatchObject({ id: 'EXAMPLE-PSM-1', name: 'Example Community Care (a staff-owned mutual)' });

    // the first start created the local administrator, its API token in the data directory (mode 0600)
    const credentials = join(DATA_DIR, 'admin-credentials.txt');
    expect(statSync(credentials).mode & 0o777).toBe(0o600);
    const token = /^token=(\S+)$/m.exec(readFileSync(credentials, 'utf8'))?.[1];
    const created = await fetch(`${url}/v1/organisations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        id: 'CLI-E2E-SEEKER',
        name: 'Plymouth Seeker',
        kind: 'charity',
        services: ['85312300'],
        areas: ['E06000026'],
      }),
    });
    expect(created.status).toBe(201);

    const tender = join(DATA_DIR, 'tender.json');
    writeFileSync(tender, JSON.stringify({ title: 'Care in Plymouth', cpvCodes: ['85312000'], deliveryAreas: ['E06000026'] }));
    const match = await consortia('match', '--seeker', 'CLI-E2E-SEEKER', '--tender', tender, '--json');
    expect(match.stderr).toBe('');
    expect(match.code).toBe(0);
    const body = JSON.parse(match.stdout) as { seeker: { id: string }; candidates: { organisation: { id: string } }[] };
    expect(body.seeker.id).toBe('CLI-E2E-SEEKER');
    expect(body.candidates.map((c) => c.organisation.id)).toContain('EXAMPLE-PSM-1');
  }, 120_000);
});
