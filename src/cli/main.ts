/**
 * The `consortia` command line: the same questions as the API, answered in the terminal. Every feature's commands
 * are registered the same way, from src/features.ts (CLI_COMMANDS). Uses the configured store (STORE=embedded loads
 * the demo data in-process; STORE=neo4j queries Neo4j).
 */
import { Command } from 'commander';
import { CLI_COMMANDS } from '../features.ts';
import { AppError, ValidationError } from '../shared/errors.ts';
import { processCliContext } from './context.ts';

export const program = new Command()
  .name('consortia')
  .description('Find partners to bid with, and whole consortia, for public-service tenders')
  .showHelpAfterError();

const cli = processCliContext();
for (const register of CLI_COMMANDS) register(program, cli);

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
