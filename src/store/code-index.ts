/**
 * An inverted index from codes (CPV services, GSS areas) to the organisations listing them, every organisation
 * included (open to partnering or not, unlike the candidate cell index). The embedded store keeps one per kind of code
 * so that filterOrganisations reads only the organisations under the conditions' codes, not all of them: a county's
 * market at 100,000 organisations reads a few thousand.
 */
import type { Organisation } from '../organisations/schema.ts';

export class CodeIndex {
  private readonly byCode = new Map<string, Set<Organisation>>();

  constructor(private readonly codesOf: (org: Organisation) => readonly string[]) {}

  /** Indexes `org`, replacing `previous` (the record it supersedes), when given. */
  set(org: Organisation, previous?: Organisation): void {
    if (previous) for (const code of this.codesOf(previous)) this.byCode.get(code)?.delete(previous);
    for (const code of this.codesOf(org)) {
      let set = this.byCode.get(code);
      if (!set) this.byCode.set(code, (set = new Set()));
      set.add(org);
    }
  }

  /** How many entries the codes hold together (an organisation listing two of them counts twice). */
  weight(codes: readonly string[]): number {
    let n = 0;
    for (const code of codes) n += this.byCode.get(code)?.size ?? 0;
    return n;
  }

  /** The organisations listing at least one of `codes`, each once. */
  find(codes: readonly string[]): Set<Organisation> {
    const out = new Set<Organisation>();
    for (const code of new Set(codes)) for (const org of this.byCode.get(code) ?? []) out.add(org);
    return out;
  }
}
