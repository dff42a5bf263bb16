/**
 * `consortia alerts run --feed <dir|url>`: reads the feed now, imports what is new or changed, computes the digest
 * entries and prints what was imported and how many entries each organisation got (or the JSON report).
 */
import type { Command } from 'commander';
import type { CliContext } from '../cli/context.ts';
import { ValidationError } from '../shared/errors.ts';
import { registerDeliverCommand } from './deliver-cli.ts';
import { runAlerts } from './run.ts';

export function registerAlertsCommand(program: Command, cli: CliContext): Command {
  const alerts = program.command('alerts').description('Tender alerts: who could bid for new and changed notices');
  alerts
    .command('run')
    .description('Read the feed now: import new and changed notices and write each organisation its digest entries')
    .requiredOption('--feed <dir|url>', 'a directory of OCDS release packages, or an http(s) URL returning one')
    .option('--json', 'print the full JSON report')
    .action(async (opts: { feed: string; json?: boolean }) => {
      if (opts.feed.trim() === '') throw new ValidationError([{ path: 'feed', message: 'give a directory or an http(s) URL' }]);
      await cli.withDeps(async (deps) => {
        const report = await runAlerts(deps, opts.feed);
        if (opts.json) return cli.out(JSON.stringify(report, null, 2));
        const { feed } = report;
        cli.out(
          `Feed ${feed.feed}: read ${feed.read.length} (${feed.skipped} unchanged files skipped); ${feed.entries} releases → ` +
            `${feed.imported} tenders new to the store, ${feed.updated} updated, ${feed.unchanged} unchanged, ${feed.rejected.length} rejected`,
        );
        for (const r of feed.rejected) cli.out(`  rejected ${r.source} ${r.locator}${r.id ? ` (${r.id})` : ''}: ${r.reason}`);
        cli.out(`Notices new or changed since last alerted: ${feed.tenders.length}`);
        for (const t of feed.tenders) cli.out(`  ${t.news.padEnd(7)} ${t.id}  ${t.title}`);
        const orgs = Object.entries(report.entriesByOrganisation).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
        cli.out(`Digest entries written: ${report.written} for ${orgs.length} organisations (${report.alreadyHeld} already held)`);
        for (const [id, n] of orgs) cli.out(`  ${id}: ${n}`);
      });
    });
  registerDeliverCommand(alerts, cli);
  return alerts;
}
