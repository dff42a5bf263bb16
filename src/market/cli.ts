/**
 * `consortia market`: the market view of a draft tender, for a commissioner (no seeker), as text or the API's JSON;
 * optionally writes the engagement list as CSV or JSON.
 *
 *   consortia market --tender draft.json
 *   consortia market --tender-id CNS-TENDER-0009 --csv engagement.csv
 *   consortia market --ocds uk2-notice.json --json
 *
 * Bad input throws ValidationError naming the field, like the API; the CLI's run() prints it and exits 1.
 */
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { readJsonFile, withTenderOptions } from '../cli/args.ts';
import type { CliContext } from '../cli/context.ts';
import { parseOrThrow } from '../http/validate.ts';
import { gbp } from '../matching/format.ts';
import { MarketRequest, type MarketView } from './schema.ts';
import { engagementCsv, engagementList, viewMarket } from './view-market.ts';

interface MarketOptions {
  tender?: string;
  tenderId?: string;
  ocds?: string;
  asOf?: string;
  json?: boolean;
  csv?: string;
  listJson?: string;
}

export function registerMarketCommand(program: Command, cli: CliContext): Command {
  const command = program
    .command('market')
    .description(
      'The market for a draft tender (no organisation needed): who could deliver it where, gaps, concentration, consortia, lotting, rules',
    );
  return withTenderOptions(command)
    .option('--ocds <file>', 'an OCDS release or package of one procurement (a planning or tender notice)')
    .option('--as-of <date-time>', 'take the rules at this date when the tender has no notice date (ISO 8601)')
    .option('--json', 'print the full JSON response instead of the summary')
    .option('--csv <file>', 'also write the engagement list as CSV to this file')
    .option('--list-json <file>', 'also write the engagement list as JSON to this file')
    .action(async (opts: MarketOptions) => {
      const request = parseOrThrow(MarketRequest, {
        tender: opts.tender ? readJsonFile(opts.tender, 'tender') : undefined,
        tenderId: opts.tenderId,
        ocds: opts.ocds ? readJsonFile(opts.ocds, 'ocds') : undefined,
        asOf: opts.asOf,
      });
      await cli.withDeps(async (deps) => {
        const { view } = await viewMarket(deps, request);
        cli.out(opts.json ? JSON.stringify(view, null, 2) : formatMarket(view));
        if (opts.csv || opts.listJson) {
          const list = await engagementList(deps, request);
          if (opts.csv) writeFileSync(opts.csv, engagementCsv(list));
          if (opts.listJson) writeFileSync(opts.listJson, JSON.stringify(list, null, 2));
          cli.err.write(
            `Engagement list: ${list.organisations.length} organisations written to ${[opts.csv, opts.listJson].filter(Boolean).join(' and ')}\n`,
          );
        }
      });
    });
}

/** A market view as readable text. */
export function formatMarket(v: MarketView): string {
  const out: string[] = [];
  out.push(`Market for: ${v.tender.title} (${v.tender.id})${v.tender.buyer ? ` — ${v.tender.buyer}` : ''}`);
  out.push(`Services: ${v.tender.services.map((s) => `${s.code} ${s.name}`).join('; ')}`);
  out.push(`Authorities: ${v.tender.authorities.map((a) => a.name).join(', ') || 'none named'}`);
  out.push('');
  for (const w of v.summary.words) out.push(`  ${w}`);
  out.push('');
  out.push('Cells (credible providers / wider claims):');
  const services = [...new Set(v.cells.map((c) => c.service))];
  for (const code of services) {
    const row = v.cells.filter((c) => c.service === code);
    out.push(
      `  ${code}  ${row.map((c) => `${c.area ? (v.tender.authorities.find((a) => a.code === c.area)?.name ?? c.area) : 'anywhere'} ${c.local}/${c.widerClaims}`).join(' · ')}`,
    );
  }
  out.push('');
  out.push('Gaps:');
  for (const w of v.gaps.words) out.push(`  ! ${w}`);
  out.push(`Concentration: ${v.concentration.words}`);
  out.push('');
  out.push(`Consortia (${v.consortia.length}):`);
  for (const c of v.consortia) {
    out.push(`  led by ${c.lead.name} (${c.lead.kind}): ${c.members.map((m) => m.name).join(', ')}`);
    out.push(
      `    ${c.coverage.words}; turnover ${gbp(c.turnover.combinedGbp)}${c.turnover.thresholdGbp !== undefined ? ` of ${gbp(c.turnover.thresholdGbp)}` : ''}${c.canBid ? '' : '; cannot bid (reserved)'}`,
    );
    if (c.weakestCell) out.push(`    weakest cell: ${c.weakestCell.why}`);
  }
  out.push('');
  out.push('Lotting:');
  for (const o of v.lotting.options) out.push(`  ${o.summary}`, `    trade-off: ${o.tradeOff}`);
  if (v.lotting.recommended) out.push(`  → ${v.lotting.recommended.why}`);
  out.push('');
  out.push(`Rules in force (${v.rules.jurisdiction}, ${v.rules.procurementDate}): ${v.rules.law}`);
  for (const r of v.rules.reasons) out.push(`  · ${r}`);
  out.push('');
  for (const n of v.notes) out.push(`  · ${n}`);
  return out.join('\n');
}
