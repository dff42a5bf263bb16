/**
 * The I/O edge of the import use cases: paths → file texts. Every path is tried, then ValidationError names each
 * one that could not be read (missing, a directory, no permission), so nothing is imported from a half-given list.
 * Text is UTF-8, or Windows-1252 when the bytes are not UTF-8 (Companies House's BasicCompanyData files are).
 */
import { readFile } from 'node:fs/promises';
import { ValidationError, type FieldIssue } from '../shared/errors.ts';
import type { ImportFile } from './report.ts';

export async function readImportFiles(paths: readonly string[]): Promise<ImportFile[]> {
  const issues: FieldIssue[] = [];
  const files: ImportFile[] = [];
  for (const path of paths) {
    try {
      files.push({ name: path, text: decodeText(await readFile(path)) });
    } catch (error) {
      const e = error as NodeJS.ErrnoException;
      issues.push({ path, message: `cannot read the file (${e.code ?? e.message})` });
    }
  }
  if (issues.length > 0) throw new ValidationError(issues);
  return files;
}

/** UTF-8 when the bytes are valid UTF-8, else Windows-1252 (the encoding of older register exports). */
export function decodeText(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}
