/**
 * How a feature plugs into the `consortia` command line: a CliCommands function adds its commands to the program
 * and runs them through the CliContext it is given (the configured dependencies and where to print). src/features.ts
 * lists every feature's commands; src/cli/main.ts registers them all the same way. Tests pass a context of their own.
 */
import type { Command } from 'commander';
import { createCoreDeps, createLogger, loadDemoIfEmpty } from '../bootstrap.ts';
import { IN_MEMORY, loadConfig } from '../config.ts';
import type { CoreDeps } from '../shared/deps.ts';

export interface CliContext {
  /**
   * Opens the configured store, runs `fn` and closes the store. On the embedded store the demo data is loaded into
   * an empty data directory first (DEMO_DATA), unless `demoData: false`.
   */
  withDeps<T>(fn: (deps: CoreDeps) => Promise<T>, options?: { demoData?: boolean }): Promise<T>;
  /** results (stdout) */
  out(text: string): void;
  /** progress and notes (stderr); draw bars only when `isTTY` */
  err: NodeJS.WritableStream & { isTTY?: boolean };
  /** where the configured embedded store keeps what it is given, for a note under an import's summary */
  storeNote?(): string | undefined;
}

/** Where an embedded import went, printed under the summary. */
export function embeddedNote(dataDir: string): string {
  return dataDir === IN_MEMORY
    ? 'DATA_DIR=:memory: this import lives only in this process and is gone when it exits.'
    : `Kept in ${dataDir}: \`npm start\` and \`consortia match\` use it (restart an API that is already running to serve it).`;
}

/** A feature's commands: adds them to `program`, returns the (top-level) command it added. */
export type CliCommands = (program: Command, cli: CliContext) => Command;

/** The context of the real CLI: configuration from the environment, results on stdout, logs and progress on stderr. */
export function processCliContext(): CliContext {
  return {
    async withDeps(fn, options = {}) {
      const config = loadConfig();
      const logger = createLogger({ LOG_LEVEL: config.CLI_LOG_LEVEL }, process.stderr);
      const deps = createCoreDeps(config, logger);
      try {
        if (config.STORE === 'embedded' && config.DEMO_DATA && options.demoData !== false)
          await loadDemoIfEmpty(deps.store, deps.ref, logger);
        return await fn(deps);
      } finally {
        await deps.store.close();
      }
    },
    out: (text) => console.log(text),
    err: process.stderr,
    storeNote() {
      const config = loadConfig();
      return config.STORE === 'embedded' ? embeddedNote(config.DATA_DIR) : undefined;
    },
  };
}
