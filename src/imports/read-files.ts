/**
 * The I/O edge of the import use cases: paths → file texts (UTF-8). Every path is tried, then
 * ValidationError names each one that could not be read (missing, a directory, no permission), so nothing is
 * imported from a half-given list.
 */
import { readFile } from 'node:fs/promises';
import { ValidationError, type FieldIssue } from '../shared/errors.ts';
import type { ImportFile } from './report.ts';

export async function readImportFiles(paths: readonly string[]): Promise<ImportFile[]> {
  const issues: FieldIssue[] = [];
  const files: ImportFile[] = [];
  for (const path of paths) {
    try {
      files.push({ name: path, text: await readFile(path, 'utf8') });
    } catch (error) {
      const e = error as NodeJS.ErrnoException;
      issues.push({ path, message: `cannot read the file (${e.code ?? e.message})` });
    }
  }
  if (issues.length > 0) throw new ValidationError(issues);
  return files;
}
