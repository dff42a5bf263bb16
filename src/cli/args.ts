/**
 * Parsers of command-line arguments, shared by the `consortia` commands, the scripts and the benchmarks: one
 * definition of each, so every command refuses bad input with the same words.
 */
import { readFileSync } from 'node:fs';
import { type Command, InvalidArgumentError } from 'commander';
import { ValidationError } from '../shared/errors.ts';

/** A commander option parser: a whole number ≥ 1. Throws InvalidArgumentError (commander prints it and exits 1). */
export function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be a positive whole number');
  return n;
}

/** A commander option parser: a whole number ≥ 0. Throws InvalidArgumentError. */
export function nonNegativeInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('must be a non-negative whole number');
  return n;
}

/** The JSON in a file given for `field` (e.g. --tender). Throws ValidationError naming the field and the file. */
export function readJsonFile(path: string, field: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new ValidationError([{ path: field, message: `cannot read ${path} as JSON: ${(err as Error).message}` }]);
  }
}

/** --tender <file> and --tender-id <id>: how every command names its tender, as the API's `tender` or `tenderId`. */
export function withTenderOptions(command: Command): Command {
  return command
    .option('--tender <file>', 'the tender as JSON (the API tender shape)')
    .option('--tender-id <id>', 'a stored tender id or OCDS ocid');
}

/** The request's tender fields from those options (the request schema checks that exactly one is given). */
export function tenderFields(opts: { tender?: string; tenderId?: string }): { tender: unknown; tenderId: string | undefined } {
  return { tender: opts.tender ? readJsonFile(opts.tender, 'tender') : undefined, tenderId: opts.tenderId };
}
