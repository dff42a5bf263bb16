/**
 * Shared parts of stored organisation records (issue 18): a million records hold far fewer distinct service lists,
 * area lists, value lists and ways of working, and half of them hold no partnerships. The embedded store keeps
 * one frozen copy of each distinct list (and of each short enum-like string, and each partner id as the partner's
 * own id string) and points every record at it. Records read the same — same keys in the same order, same
 * values — and stay frozen, so callers cannot tell; only memory changes.
 *
 * A part no record holds any more stays until the process ends (as the matching profile's shared parts do).
 */
import type { Organisation } from '../organisations/schema.ts';

const EMPTY = Object.freeze([]) as unknown as never[];

export class SharedParts {
  private readonly lists = new Map<string, readonly string[]>();
  private readonly strings = new Map<string, string>();
  private readonly objects = new Map<string, object>();

  /**
   * Points `org` (a record the caller owns, not frozen yet) at shared parts, in place; returns it. Nested objects
   * it holds are never changed: a changed part is a new object. `idOf` gives the stored id string of an organisation
   * when known, so partner ids share it.
   */
  share(org: Organisation, idOf: (id: string) => string | undefined = () => undefined): Organisation {
    org.kind = this.string(org.kind);
    org.legalForm = this.string(org.legalForm);
    org.spareCapacity = this.string(org.spareCapacity);
    if (org.baseArea !== undefined) org.baseArea = this.string(org.baseArea);
    org.services = this.list(org.services);
    org.areas = this.list(org.areas);
    org.values = this.list(org.values);
    org.waysOfWorking = this.object(org.waysOfWorking);
    org.partnerships =
      org.partnerships.length === 0
        ? EMPTY
        : org.partnerships.map((p) => {
            // Object.assign, not a spread: frozen spread-built objects each get a hidden class (normalise.ts)
            const out = Object.assign({}, p, {
              partnerId: idOf(p.partnerId) ?? p.partnerId,
              model: this.string(p.model),
              outcome: this.string(p.outcome),
            });
            if (p.source !== undefined && p.source.record === undefined) out.source = this.object(p.source);
            return out;
          });
    return org;
  }

  private string<T extends string>(value: T): T {
    const found = this.strings.get(value);
    if (found !== undefined) return found as T;
    this.strings.set(value, value);
    return value;
  }

  private list<T extends string>(values: readonly T[]): T[] {
    if (values.length === 0) return EMPTY;
    const key = values.join('\n');
    let found = this.lists.get(key);
    if (found === undefined) this.lists.set(key, (found = Object.freeze(values.map((v) => this.string(v)))));
    return found as T[];
  }

  /** A flat object of short strings (ways of working, a source without a record number), by its JSON. */
  private object<T extends object>(value: T): T {
    const key = JSON.stringify(value);
    let found = this.objects.get(key);
    if (found === undefined) {
      const copy: Record<string, unknown> = Object.assign({}, value as Record<string, unknown>);
      for (const [k, v] of Object.entries(copy)) if (typeof v === 'string') copy[k] = this.string(v);
      this.objects.set(key, (found = Object.freeze(copy)));
    }
    return found as T;
  }
}
