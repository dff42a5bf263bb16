/**
 * Child processes for the integration tests: a TypeScript entry point run by this Node with tsx, its output
 * collected, "ready" when a given line has been logged. Used by the tests that kill a worker mid-run
 * (tests/integration/refresh.test.ts, alerts-worker-kill.test.ts) and by the scale-out test.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { waitFor } from '../contract/queue-contract.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface Child {
  process: ChildProcess;
  /** everything the process has written to stdout and stderr so far */
  output: () => string;
}

/** Runs `node --import tsx <args>` in the repository root with exactly `env`. */
export function spawnTsx(args: string[], env: NodeJS.ProcessEnv): Child {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return { process: child, output: () => output };
}

/** Resolves once `line` appears in the child's output; fails with that output if it exits first. */
export async function ready(child: Child, line: string, timeoutMs = 60_000): Promise<void> {
  await waitFor(
    line,
    async () => {
      if (child.process.exitCode !== null) throw new Error(`exited ${child.process.exitCode}: ${child.output()}`);
      return child.output().includes(line) ? true : undefined;
    },
    timeoutMs,
  );
}

export function isRunning(child: Child): boolean {
  return child.process.exitCode === null && child.process.signalCode === null;
}

/** SIGKILL, and resolve once the process is gone (at once if it already is). */
export async function kill(child: Child): Promise<void> {
  if (!isRunning(child)) return;
  const exited = new Promise((resolve) => child.process.once('exit', resolve));
  child.process.kill('SIGKILL');
  await exited;
}

/**
 * A BullMQ worker process (workers/refresh-worker.ts, which serves the refresh and alerts queues) with a short
 * job lock and stalled-job check, so that the jobs of one that is killed are taken over within seconds; no
 * schedule. Resolves once it is ready to take jobs.
 */
export async function startWorkerProcess(env: NodeJS.ProcessEnv, options: { readyTimeoutMs?: number } = {}): Promise<Child> {
  const child = spawnTsx(['workers/refresh-worker.ts', '--lock-ms', '1500', '--stalled-ms', '1000', '--no-schedule'], env);
  try {
    await ready(child, 'refresh worker ready', options.readyTimeoutMs);
  } catch (err) {
    await kill(child);
    throw err;
  }
  return child;
}
