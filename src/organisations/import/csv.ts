import { parse } from 'csv-parse/sync';

export interface CsvTable {
  /** header names, trimmed and lower-cased */
  header: string[];
  /** data rows as header → trimmed cell ('' when empty or missing) */
  rows: Record<string, string>[];
  /** 1-based line of each data row in the file, for reports */
  lines: number[];
}

/**
 * Parses CSV text with a header row; ragged rows are tolerated (missing cells read as '').
 * @throws Error (from csv-parse) when the text is not CSV at all, e.g. an unclosed quote.
 */
export function readCsvTable(text: string): CsvTable {
  const records = parse(text, { bom: true, relax_column_count: true, skip_empty_lines: true, info: true }) as unknown as {
    record: string[];
    info: { lines: number };
  }[];
  if (records.length === 0) return { header: [], rows: [], lines: [] };
  const header = records[0].record.map((h) => h.trim().toLowerCase());
  const rows: Record<string, string>[] = [];
  const lines: number[] = [];
  for (const { record, info } of records.slice(1)) {
    const row: Record<string, string> = {};
    header.forEach((h, i) => {
      row[h] = (record[i] ?? '').trim();
    });
    rows.push(row);
    lines.push(info.lines);
  }
  return { header, rows, lines };
}

/** The first non-empty cell among `names` (lower-case header names). */
export function cell(row: Record<string, string>, ...names: string[]): string | undefined {
  for (const n of names) {
    const v = row[n];
    if (v !== undefined && v !== '') return v;
  }
  return undefined;
}
