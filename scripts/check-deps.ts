/**
 * The dependency check CI runs (`npm run check:deps`, part of `npm run lint`), in place of `npm audit` where the
 * registry's advisory endpoint cannot be reached — as on this project's machines, where `npm audit` fails with
 * "405 Method Not Allowed … /-/npm/v1/security/advisories/bulk" and `npm audit signatures` with a network error while
 * `npm ci` works. Offline, it checks what keeps the installed code the code that was reviewed:
 *  1. every dependency in package.json is pinned to an exact version (no ^, ~, ranges, tags, git or file specs);
 *  2. every package in package-lock.json carries a sha512 integrity hash and, where recorded, comes from the npm
 *     registry npm is configured with (no git, file or other tarballs);
 *  3. `npm ls --all` finds the installed tree complete and matching the lockfile.
 * Then it tries `npm audit --omit=dev --audit-level=high` (30 s at most): a reachable endpoint that reports a high or
 * critical advisory fails the check; an unreachable one is reported and skipped, so CI never fails on the network.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const pkg = JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as Record<string, Record<string, string> | undefined>;
const lock = JSON.parse(readFileSync(`${root}package-lock.json`, 'utf8')) as {
  packages: Record<string, { integrity?: string; resolved?: string; link?: boolean }>;
};
const problems: string[] = [];

const EXACT = /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/;
for (const field of ['dependencies', 'devDependencies', 'optionalDependencies']) {
  for (const [name, spec] of Object.entries(pkg[field] ?? {}))
    if (!EXACT.test(spec)) problems.push(`package.json ${field}: ${name}@${spec} is not pinned to an exact version`);
}

// The registry npm is configured with (a mirror, where one is set): every tarball must come from it.
const registry = spawnSync('npm', ['config', 'get', 'registry'], { cwd: root, encoding: 'utf8' }).stdout.trim().replace(/\/?$/, '/');
let packages = 0;
for (const [path, entry] of Object.entries(lock.packages)) {
  if (path === '' || entry.link) continue;
  packages++;
  if (!entry.integrity?.startsWith('sha512-')) problems.push(`package-lock.json: ${path} has no sha512 integrity hash`);
  if (entry.resolved !== undefined && !entry.resolved.startsWith(registry))
    problems.push(`package-lock.json: ${path} comes from ${entry.resolved}, not the registry (${registry})`);
}

const ls = spawnSync('npm', ['ls', '--all', '--silent'], { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
if (ls.status !== 0)
  problems.push(`npm ls --all: the installed tree does not match package-lock.json (run npm ci)\n${ls.stderr.slice(0, 2000)}`);

const audit = spawnSync('npm', ['audit', '--omit=dev', '--audit-level=high', '--json'], { cwd: root, encoding: 'utf8', timeout: 30_000 });
let auditNote: string;
try {
  const report = JSON.parse(audit.stdout) as {
    metadata?: { vulnerabilities?: Record<string, number> };
    message?: string;
    error?: { summary?: string };
  };
  const v = report.metadata?.vulnerabilities;
  if (v) {
    auditNote = `npm audit: ${JSON.stringify(v)}`;
    if ((v.high ?? 0) + (v.critical ?? 0) > 0)
      problems.push(`npm audit: ${v.high ?? 0} high and ${v.critical ?? 0} critical advisories (npm audit --omit=dev)`);
  } else
    auditNote = `npm audit: the advisory endpoint could not be used (${report.message ?? report.error?.summary ?? 'no report'}); skipped`;
} catch {
  auditNote = `npm audit: no answer${audit.error ? ` (${audit.error.message})` : ''}; skipped`;
}

if (problems.length > 0) {
  console.error(`check-deps: ${problems.length} problem(s)\n- ${problems.join('\n- ')}`);
  process.exit(1);
}
console.log(`check-deps: ${packages} locked packages pinned, hashed and from the registry; npm ls clean; ${auditNote}`);
