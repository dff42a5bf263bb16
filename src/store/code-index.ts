/**
 * An inverted index from codes (CPV services, GSS areas) to the organisations listing them, every organisation
 * included (open to partnering or not, unlike the candidate cell index). The embedded store keeps one per kind of code
 * so that filterOrganisations reads only the organisations under the conditions' codes, not all of them: a county's
 * market at 100,000 organisations reads a few thousand.
 */
import type { Organisation } from '../organisations/schema.ts';

/*
 * Lists rather than Sets per code (issue 18): 8 bytes an entry instead of ≈30. A replaced record leaves its lists
 * by a linear search, as the cell index's slots do; `find` makes the Set.
 */

export class CodeIndex {
  private readonly byCode = new Map<string, Organisation[]>();

  constructor(private readonly codesOf: (org: Organisation) => readonly string[]) {}

  /** Indexes `org`, replacing `previous` (the record it supersedes), when given. */
  set(org: Organisation, previous?: Organisation): void {
    if (previous)
      for (const code of new Set(this.codesOf(previous))) {
        const list = this.byCode.get(code);
        const i = list ? list.indexOf(previous) : -1;
        if (i >= 0) list!.splice(i, 1);
      }
    for (const code of new Set(this.codesOf(org))) {
      const list = this.byCode.get(code);
      if (list) list.push(org);
      else this.byCode.set(code, [org]);
    }
  }

  /** How many entries the codes hold together (an organisation listing two of them counts twice). */
  weight(codes: readonly string[]): number {
    let n = 0;
    for (const code of codes) n += this.byCode.get(code)?.length ?? 0;
    return n;
  }

  /** The organisations listing at least one of `codes`, each once. */
  find(codes: readonly string[]): Set<Organisation> {
    const out = new Set<Organisation>();
    for (const code of new Set(codes)) for (const org of this.byCode.get(code) ?? []) out.add(org);
    return out;
  }
}
