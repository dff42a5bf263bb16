/**
 * Writes demo or benchmark organisations to JSON lines, for inspection and for loading elsewhere, and prints
 * generation time, memory and the calibration figures measured on the output.
 *
 *   npx tsx scripts/generate-demo.ts --count 10000 --seed 1 --out .tmp/orgs.jsonl
 *   npx tsx scripts/generate-demo.ts --demo --seed 1 --out .tmp/demo.jsonl   (tenders → .tmp/demo.tenders.jsonl)
 *
 * --count streams (organisations are never all in memory at once) unless --stats is given, which needs them
 * all to measure the calibration.
 */
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { dirname } from 'node:path';
import { Command } from 'commander';
import cliProgress from 'cli-progress';
import { nonNegativeInt } from '../src/cli/args.ts';
import { defaultReference } from '../src/reference/load.ts';
import { loadDemoSources } from '../src/demo/load-sources.ts';
import { buildDemoDataset, iterateOrganisations, measurePartnering } from '../src/demo/index.ts';
import type { Organisation } from '../src/organisations/schema.ts';

const program = new Command()
  .name('generate-demo')
  .description('Write the demo dataset or N synthetic organisations as JSON lines')
  .option('--demo', 'the demo dataset (real organisations + synthetic fill + case studies + tenders)')
  .option('--count <n>', 'number of synthetic organisations to generate', nonNegativeInt)
  .option('--seed <n>', 'random seed', nonNegativeInt, 1)
  .option('--out <file>', 'output JSON lines file (organisations)', '.tmp/orgs.jsonl')
  .option('--tenders-out <file>', 'output for the demo tenders (default: <out>.tenders.jsonl)')
  .option('--stats', 'measure calibration on the output (holds all organisations in memory)')
  .parse();

const opts = program.opts<{ demo?: boolean; count?: number; seed: number; out: string; tendersOut?: string; stats?: boolean }>();
if (!opts.demo && opts.count === undefined) program.error('give --demo or --count <n>');

async function writeLine(stream: WriteStream, value: unknown): Promise<void> {
  if (!stream.write(`${JSON.stringify(value)}\n`)) await once(stream, 'drain');
}

async function close(stream: WriteStream): Promise<void> {
  stream.end();
  await once(stream, 'finish');
}

function open(path: string): WriteStream {
  mkdirSync(dirname(path), { recursive: true });
  return createWriteStream(path);
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

async function main(): Promise<void> {
  const reference = defaultReference();
  const heapBefore = process.memoryUsage().heapUsed;
  const started = performance.now();
  const out = open(opts.out);
  const kept: Organisation[] = [];
  let written = 0;
  let peakHeap = heapBefore;
  const sampleHeap = () => (peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed));

  if (opts.demo) {
    const dataset = buildDemoDataset(reference, loadDemoSources(), { seed: opts.seed });
    sampleHeap();
    for (const org of dataset.organisations) await writeLine(out, org);
    written = dataset.organisations.length;
    kept.push(...dataset.organisations);
    const tendersPath = opts.tendersOut ?? opts.out.replace(/(\.jsonl)?$/, '.tenders.jsonl');
    const tenders = open(tendersPath);
    for (const tender of dataset.tenders) await writeLine(tenders, tender);
    await close(tenders);
    console.error(`wrote ${dataset.tenders.length} tenders to ${tendersPath}`);
  } else {
    const count = opts.count!;
    const bar = process.stderr.isTTY
      ? new cliProgress.SingleBar({ stream: process.stderr }, cliProgress.Presets.shades_classic)
      : undefined;
    bar?.start(count, 0);
    for (const org of iterateOrganisations(reference, { count, seed: opts.seed })) {
      if (written === 0) sampleHeap(); // after the first pass: the node table, edges and adjacency are built
      await writeLine(out, org);
      if (opts.stats) kept.push(org);
      written++;
      if (written % 5000 === 0) {
        bar?.update(written);
        sampleHeap();
      }
    }
    bar?.stop();
  }
  await close(out);
  sampleHeap();
  const seconds = (performance.now() - started) / 1000;
  const rss = process.memoryUsage().rss;
  console.error(
    `wrote ${written} organisations to ${opts.out} in ${seconds.toFixed(2)} s ` +
      `(peak heap +${mb(peakHeap - heapBefore)} over the reference, rss ${mb(rss)})`,
  );
  if (opts.stats || opts.demo) {
    console.log(
      JSON.stringify(
        measurePartnering(kept, (code) => reference.cpv.sectorOf(code)),
        null,
        2,
      ),
    );
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
