/**
 * The `consortia` command line: the same questions as the API, answered in the terminal.
 *   consortia match --seeker CNS-CASE-DEVON-YOUTH --tender tender.json
 *   consortia match --seeker CNS-CASE-DEVON-YOUTH --tender-id CNS-TENDER-0001 --json
 * Uses the configured store (STORE=embedded loads the demo data in-process; STORE=neo4j queries Neo4j).
 */
import { readFileSync } from 'node:fs';
import { Command, InvalidArgumentError } from 'commander';
import { createCoreDeps, createLogger, loadDemoIfEmpty } from '../bootstrap.ts';
import { loadConfig } from '../config.ts';
import { findPartners } from '../matching/find-partners.ts';
import { MatchRequest } from '../matching/schema.ts';
import { MATCH_DEFAULTS } from '../matching/settings.ts';
import { parseOrThrow } from '../http/validate.ts';
import { AppError, ValidationError } from '../shared/errors.ts';
import type { CoreDeps } from '../shared/deps.ts';
import { formatMatch } from './format-match.ts';
import { registerImportCommands } from './import-commands.ts';
import { registerConsortiaCommand } from '../consortia/cli.ts';

export async function withDeps<T>(fn: (deps: CoreDeps) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const logger = createLogger({ LOG_LEVEL: config.CLI_LOG_LEVEL }, process.stderr);
  const deps = createCoreDeps(config, logger);
  try {
    if (config.STORE === 'embedded') await loadDemoIfEmpty(deps.store, deps.ref, logger);
    return await fn(deps);
  } finally {
    await deps.store.close();
  }
}

export function readJsonFile(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new ValidationError([{ path, message: `cannot read JSON: ${(err as Error).message}` }]);
  }
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be a positive whole number');
  return n;
}

export const program = new Command()
  .name('consortia')
  .description('Find partners to bid with, and whole consortia, for public-service tenders')
  .showHelpAfterError();

program
  .command('match')
  .description('Rank candidate partners for a seeker and a tender, with the main reasons')
  .requiredOption('--seeker <id>', 'the organisation looking for partners (org-id)')
  .option('--tender <file>', 'the tender as JSON (the API tender shape)')
  .option('--tender-id <id>', 'a stored tender id or OCDS ocid')
  .option('--limit <n>', 'candidates to show', positiveInt, MATCH_DEFAULTS.limit)
  .option('--weights <json>', 'factor weights, e.g. \'{"trust":0.3}\'')
  .option('--json', 'print the full JSON response instead of a table')
  .action(async (opts: { seeker: string; tender?: string; tenderId?: string; limit: number; weights?: string; json?: boolean }) => {
    const request = parseOrThrow(MatchRequest, {
      seekerId: opts.seeker,
      tender: opts.tender ? readJsonFile(opts.tender) : undefined,
      tenderId: opts.tenderId,
      limit: opts.limit,
      weights: opts.weights ? (JSON.parse(opts.weights) as unknown) : undefined,
    });
    const match = await withDeps((deps) => findPartners(deps, request));
    console.log(opts.json ? JSON.stringify(match, null, 2) : formatMatch(match, process.stdout.columns ?? 120));
  });

registerConsortiaCommand(program, withDeps);
registerImportCommands(program);

export async function run(argv: string[]): Promise<void> {
  try {
    await program.parseAsync(argv);
  } catch (err) {
    if (err instanceof ValidationError) {
      console.error('Invalid input:');
      for (const issue of err.issues) console.error(`  ${issue.path || '(input)'}: ${issue.message}`);
    } else if (err instanceof AppError) console.error(err.message);
    else if (err instanceof SyntaxError) console.error(`Invalid JSON: ${err.message}`);
    else throw err;
    process.exitCode = 1;
  }
}

await run(process.argv);
