/**
 * `consortia match`: ranked candidate partners for a seeker and a tender, as a table or as the API's JSON.
 *
 *   consortia match --seeker CNS-CASE-DEVON-YOUTH --tender tender.json
 *   consortia match --seeker CNS-CASE-DEVON-YOUTH --tender-id CNS-TENDER-0001 --json
 *
 * Bad input throws ValidationError naming the field, like the API; the CLI's run() prints it and exits 1.
 */
import type { Command } from 'commander';
import { positiveInt, tenderFields, withTenderOptions } from '../cli/args.ts';
import type { CliContext } from '../cli/context.ts';
import { formatMatch } from '../cli/format-match.ts';
import { parseOrThrow } from '../http/validate.ts';
import { findPartners } from './find-partners.ts';
import { MatchRequest } from './schema.ts';
import { MATCH_DEFAULTS } from './settings.ts';
import { HONOUR_EVERY_VETO } from './vetoes.ts';

interface MatchOptions {
  seeker: string;
  tender?: string;
  tenderId?: string;
  limit: number;
  weights?: string;
  json?: boolean;
}

export function registerMatchCommand(program: Command, cli: CliContext): Command {
  const command = program
    .command('match')
    .description('Rank candidate partners for a seeker and a tender, with the main reasons')
    .requiredOption('--seeker <id>', 'the organisation looking for partners (org-id)');
  return withTenderOptions(command)
    .option('--limit <n>', 'candidates to show', positiveInt, MATCH_DEFAULTS.limit)
    .option('--weights <json>', 'factor weights, e.g. \'{"trust":0.3}\'')
    .option('--json', 'print the full JSON response instead of a table')
    .action(async (opts: MatchOptions) => {
      const request = parseOrThrow(MatchRequest, {
        seekerId: opts.seeker,
        ...tenderFields(opts),
        limit: opts.limit,
        weights: opts.weights ? (JSON.parse(opts.weights) as unknown) : undefined,
      });
      // run by someone who holds the data: every do-not-partner list counts
      const match = await cli.withDeps((deps) => findPartners(deps, request, HONOUR_EVERY_VETO));
      cli.out(opts.json ? JSON.stringify(match, null, 2) : formatMatch(match, process.stdout.columns ?? 120));
    });
}
