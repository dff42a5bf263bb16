/**
 * The real `consortia` binary (bin/consortia.js) on the embedded store: exit code 0 when the import ran,
 * rejections or not; 1 when an input file cannot be read.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

function consortia(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['bin/consortia.js', ...args],
      { cwd: ROOT, env: { ...process.env, STORE: 'embedded' }, timeout: 60_000 },
      (error, stdout, stderr) => {
        resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
      },
    );
  });
}

describe('consortia import (the binary)', () => {
  it('when a file with a rejected entry is imported, then the exit code is 0 and the summary says what was rejected', async () => {
    const res = await consortia('import', 'ocds', 'tests/fixtures/ocds/quirks/json-lines.jsonl');
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/rejected\s*│\s*1/);
    expect(res.stdout).toContain('STORE=embedded: this import lives only in this process');
    expect(res.stderr).toMatch(/import: \d+\/\d+ tenders stored or checked/);
  });

  it('when an input file does not exist, then the exit code is 1 and the file is named', async () => {
    const res = await consortia('import', 'orgs', 'tests/fixtures/orgs/no-such-file.csv');
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('tests/fixtures/orgs/no-such-file.csv: cannot read the file (ENOENT)');
  });
});
