/**
 * The consortium command for the `consortia` CLI, and a plain-text printer for a consortium response.
 *
 *   consortia build --lead CNS-CASE-DEVON-YOUTH --tender-id CNS-TENDER-0001
 *   consortia build --lead GB-CHC-1 --tender tender.json --lots 1,2 --single-contractor --json
 *
 * Registered like every command (src/features.ts). Bad input throws ValidationError naming the field, like the API;
 * the CLI's run() prints it and exits 1.
 */
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { positiveInt, tenderFields, withTenderOptions } from '../cli/args.ts';
import type { CliContext } from '../cli/context.ts';
import { parseOrThrow } from '../http/validate.ts';
import { gbp } from '../matching/format.ts';
import { buildConsortia } from './build-consortia.ts';
import { draftHeadsOfTermsFor } from './draft-heads-of-terms.ts';
import type { HeadsOfTerms } from './heads-of-terms.ts';
import { headsOfTermsDocx } from './heads-of-terms-docx.ts';
import { headsOfTermsPdf } from './heads-of-terms-pdf.ts';
import { HeadsOfTermsRequest } from './heads-of-terms-schema.ts';
import { CONSORTIUM_MODELS } from './models.ts';
import { ConsortiumRequest, type ConsortiumResponse } from './schema.ts';
import { HONOUR_EVERY_VETO } from '../matching/vetoes.ts';

interface BuildOptions {
  lead: string;
  tender?: string;
  tenderId?: string;
  lots?: string;
  maxPartners?: number;
  alternatives?: number;
  areaCoverage?: string;
  solver?: string;
  singleContractor?: boolean;
  assetLock?: boolean;
  outliveContract?: boolean;
  sharedRisk?: boolean;
  jointAndSeveral?: boolean;
  json?: boolean;
}

export function registerConsortiaCommand(program: Command, cli: CliContext): Command {
  const command = program
    .command('build')
    .alias('consortium')
    .description('Propose whole consortia (lead plus partners) for a tender, with roles, weakest link and partnership-model advice')
    .requiredOption('--lead <id>', 'the organisation leading the search (org-id)');
  return withTenderOptions(command)
    .option('--lots <ids>', 'comma-separated lot ids to bid for (default: all lots)')
    .option('--max-partners <n>', 'partners besides the lead (default 4)', positiveInt)
    .option('--alternatives <n>', 'consortia to show (default 5)', positiveInt)
    .option('--area-coverage <mode>', 'lad (every local authority) or utla (every upper-tier authority)')
    .option('--solver <solver>', 'auto, exact or heuristic')
    .option('--single-contractor', 'the commissioner wants one organisation to hold the contract')
    .option('--asset-lock', 'an asset lock is wanted (CIC)')
    .option('--outlive-contract', 'the venture should continue beyond this contract')
    .option('--shared-risk', 'the commissioner shares risk and outcomes with providers')
    .option('--joint-and-several', 'the commissioner asks for joint and several liability')
    .option('--json', 'print the full JSON response instead of the readable summary')
    .action(async (opts: BuildOptions) => {
      const request = parseOrThrow(ConsortiumRequest, {
        leadId: opts.lead,
        ...tenderFields(opts),
        lots: opts.lots
          ? opts.lots
              .split(',')
              .map((s) => s.trim())
              .filter(Boolean)
          : undefined,
        maxPartners: opts.maxPartners,
        alternatives: opts.alternatives,
        areaCoverage: opts.areaCoverage,
        solver: opts.solver,
        singleContractorRequired: opts.singleContractor,
        assetLockWanted: opts.assetLock,
        outliveContract: opts.outliveContract,
        sharedRisk: opts.sharedRisk,
        jointAndSeveralLiability: opts.jointAndSeveral,
      });
      // run by someone who holds the data: every do-not-partner list counts
      const response = await cli.withDeps((deps) => buildConsortia(deps, request, { vetoes: HONOUR_EVERY_VETO }));
      cli.out(opts.json ? JSON.stringify(response, null, 2) : formatConsortia(response));
    });
}

/** A consortium response as readable text: each consortium's members and roles, coverage, reasons and advice. */
export function formatConsortia(r: ConsortiumResponse): string {
  const out: string[] = [];
  out.push(`Consortia for ${r.lead.name} (${r.lead.id})`);
  out.push(`Tender: ${r.tender.title} (${r.tender.id})${r.tender.buyer ? ` — ${r.tender.buyer}` : ''}`);
  for (const reason of r.eligibility.reasons) out.push(`  ! ${reason}`);
  for (const note of r.notes) out.push(`  · ${note}`);
  out.push(`  · search: ${r.search.method}`);
  out.push('');
  if (r.consortia.length === 0) {
    out.push('No valid consortium. Missing:');
    for (const m of r.missing) out.push(`  ✗ ${m}`);
    return out.join('\n');
  }
  for (const c of r.consortia) {
    out.push(
      `#${c.rank}  score ${(c.score * 100).toFixed(0)}  ·  ${c.members.length} members  ·  turnover ${gbp(c.turnover.combinedGbp)}${c.turnover.thresholdGbp !== undefined ? ` of ${gbp(c.turnover.thresholdGbp)} needed` : ''}${c.eligibility.canBid ? '' : '  ·  CANNOT BID (reserved for mutuals)'}`,
    );
    const nameWidth = Math.min(34, Math.max(...c.members.map((m) => m.name.length)) + 2);
    for (const m of c.members) out.push(`  ${m.isLead ? '*' : ' '} ${pad(m.name, nameWidth)} ${m.role.summary}`);
    const uncovered = (rows: { members: string[] }[]) => rows.every((row) => row.members.length > 0);
    out.push(
      `  coverage: ${c.coverage.services.map((s) => `${s.code}→${s.members.length}`).join(' ')}${c.coverage.areas.length > 0 ? `; ${c.coverage.areas.length} areas ${uncovered(c.coverage.areas) ? 'all covered' : 'NOT all covered'}` : ''}`,
    );
    for (const reason of c.reasonsFor.slice(0, 4)) out.push(`  + ${reason}`);
    for (const reason of c.reasonsAgainst.slice(0, 3)) out.push(`  - ${reason}`);
    if (c.weakestLink) out.push(`  weakest link: ${c.weakestLink.why}`);
    for (const note of c.eligibility.notes) out.push(`  · ${note}`);
    if (c.advice.models.length > 0) {
      out.push('  models:');
      for (const m of c.advice.models.slice(0, 3)) out.push(`    ${(m.score * 100).toFixed(0).padStart(3)}  ${m.label}: ${m.for[0] ?? ''}`);
      if (c.advice.prime) out.push(`  prime: ${c.advice.prime.why}`);
    } else if (c.advice.note) out.push(`  ${c.advice.note}`);
    out.push('');
  }
  const questions = r.consortia[0].advice.questions;
  if (questions.length > 0) {
    out.push('Questions the partners must settle (best consortium):');
    for (const q of questions) out.push(`  ? ${q}`);
  }
  return out.join('\n');
}

function pad(text: string, width: number): string {
  return text.length >= width ? `${text.slice(0, width - 2)}… ` : text.padEnd(width);
}

interface HeadsOfTermsOptions {
  lead: string;
  partners: string;
  tender?: string;
  tenderId?: string;
  lots?: string;
  model?: string;
  docx?: string;
  pdf?: string;
  json?: boolean;
}

/**
 *   consortia heads-of-terms --lead GB-CHC-1 --partners GB-COH-2,GB-CHC-3 --tender-id T --model alliance --docx hot.docx --pdf hot.pdf
 */
export function registerHeadsOfTermsCommand(program: Command, cli: CliContext): Command {
  const command = program
    .command('heads-of-terms')
    .description('Draft heads of terms for a consortium you have chosen (a starting point for your lawyers, not legal advice)')
    .requiredOption('--lead <id>', 'the lead (org-id)')
    .requiredOption('--partners <ids>', 'comma-separated org-ids of the other members');
  return withTenderOptions(command)
    .option('--lots <ids>', 'comma-separated lot ids bid for (default: all lots)')
    .option('--model <model>', `the partnership model chosen: ${CONSORTIUM_MODELS.join(', ')} (default: the advice's best fit)`)
    .option('--docx <file>', 'also write the draft as a Word document to this file')
    .option('--pdf <file>', 'also write the draft as a PDF to this file')
    .option('--json', 'print the full JSON response instead of the text')
    .action(async (opts: HeadsOfTermsOptions) => {
      const list = (s: string | undefined) =>
        s
          ?.split(',')
          .map((x) => x.trim())
          .filter(Boolean);
      const request = parseOrThrow(HeadsOfTermsRequest, {
        leadId: opts.lead,
        partnerIds: list(opts.partners),
        ...tenderFields(opts),
        lots: list(opts.lots),
        model: opts.model,
      });
      const response = await cli.withDeps((deps) => draftHeadsOfTermsFor(deps, request));
      if (opts.docx) {
        writeFileSync(opts.docx, await headsOfTermsDocx(response.headsOfTerms));
        cli.err.write(`Wrote ${opts.docx}\n`);
      }
      if (opts.pdf) {
        writeFileSync(opts.pdf, await headsOfTermsPdf(response.headsOfTerms));
        cli.err.write(`Wrote ${opts.pdf}\n`);
      }
      cli.out(opts.json ? JSON.stringify(response, null, 2) : formatHeadsOfTerms(response.headsOfTerms));
    });
}

/** The draft as plain text: numbered sections, questions marked "To settle:". */
export function formatHeadsOfTerms(hot: HeadsOfTerms): string {
  const out = [hot.title, '', hot.disclaimer, '', `Model: ${hot.model.label}. Governing law: ${hot.governingLaw}.`];
  hot.sections.forEach((s, i) => {
    out.push('', `${i + 1}. ${s.heading}`);
    for (const p of s.paragraphs) out.push(`   ${p.question ? 'To settle: ' : ''}${p.text}`);
  });
  return out.join('\n');
}
