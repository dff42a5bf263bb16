import Table from 'cli-table3';
import type { MatchResponse } from '../matching/schema.ts';

/** A match as a readable ranked table, with the main reasons under each candidate. */
export function formatMatch(match: MatchResponse, width = 100): string {
  const lines: string[] = [];
  lines.push(`Partners for ${match.seeker.name} (${match.seeker.id})`);
  lines.push(`Tender: ${match.tender.title} (${match.tender.id})`);
  for (const note of match.notes) lines.push(`  · ${note}`);
  lines.push(`${match.candidatesConsidered} candidates considered\n`);
  const table = new Table({
    head: ['#', 'Organisation', 'Score', 'Fills gaps', 'Place', 'Values', 'Trust', 'Why / why not'],
    colWidths: [4, 30, 7, 7, 7, 8, 7, Math.max(30, width - 82)],
    wordWrap: true,
    style: { head: [], border: [] },
  });
  for (const c of match.candidates) {
    const why = [...c.reasonsFor.slice(0, 3).map((r) => `+ ${r.text}`), ...c.reasonsAgainst.slice(0, 2).map((r) => `- ${r.text}`)].join(
      '\n',
    );
    const pct = (f: { score: number; weight: number }) => (f.weight === 0 ? '–' : `${Math.round(f.score * 100)}`);
    table.push([
      String(c.rank),
      `${c.organisation.name}\n${c.organisation.id}`,
      (c.total * 100).toFixed(0),
      pct(c.factors.complementarity),
      pct(c.factors.geography),
      pct(c.factors.valueAlignment),
      pct(c.factors.trust),
      why,
    ]);
  }
  lines.push(table.toString());
  return lines.join('\n');
}
