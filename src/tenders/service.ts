import type { CoreDeps } from '../shared/deps.ts';
import { ValidationError, NotFoundError } from '../shared/errors.ts';
import { generatedId } from '../shared/ids.ts';
import { isObject } from '../shared/loose-json.ts';
import { importOcds } from './ocds/index.ts';
import { Tender, type TenderInput } from './schema.ts';
import { tenderReferenceIssues } from './validate.ts';

/** Validates an inline tender's codes (issues named under `prefix`, e.g. "tender.") and gives it an id. */
export function toTender(deps: Pick<CoreDeps, 'ref'>, input: TenderInput, id?: string, prefix = ''): Tender {
  const issues = tenderReferenceIssues(input, deps.ref, prefix);
  if (issues.length > 0) throw new ValidationError(issues);
  return Tender.parse({ ...input, id: id ?? input.id ?? generatedId('TND', input.title) });
}

/** Stores a tender (created or replaced by id). */
export async function saveTender(
  deps: Pick<CoreDeps, 'ref' | 'store'>,
  input: TenderInput,
  id?: string,
): Promise<{ tender: Tender; created: boolean }> {
  if (id !== undefined && input.id !== undefined && input.id !== id)
    throw new ValidationError([{ path: 'id', message: `does not match the id in the URL (${id})` }]);
  const tender = toTender(deps, input, id);
  const summary = await deps.store.upsertTenders([tender]);
  return { tender, created: summary.created > 0 };
}

/**
 * An OCDS document rather than the native tender shape: a release (it has an ocid or a tender block), a
 * release package ({releases: […]}) or a record package ({records: […]}). The native shape has none of these.
 */
export function isOcdsBody(body: unknown): boolean {
  if (!isObject(body)) return false;
  return typeof body.ocid === 'string' || isObject(body.tender) || Array.isArray(body.releases) || Array.isArray(body.records);
}

/**
 * Stores the tender an OCDS document describes (src/tenders/ocds: newest valid release wins). The document
 * must hold releases of one ocid. Throws ValidationError naming the reason when no tender can be made.
 */
export async function saveOcdsRelease(deps: Pick<CoreDeps, 'ref' | 'store'>, body: unknown): Promise<{ tender: Tender; created: boolean }> {
  const tender = tenderFromOcds(deps, body);
  const summary = await deps.store.upsertTenders([tender]);
  return { tender, created: summary.created > 0 };
}

/**
 * The tender an OCDS document describes (src/tenders/ocds: newest valid release wins), not stored. The document must
 * hold releases of one ocid. Throws ValidationError naming the reason (fields under `prefix`) when no tender can be made.
 */
export function tenderFromOcds(deps: Pick<CoreDeps, 'ref'>, body: unknown, prefix = ''): Tender {
  const result = importOcds(JSON.stringify(body), deps.ref);
  const ocids = new Set([
    ...result.tenders.map((t) => t.id),
    ...result.superseded.map((s) => s.ocid),
    ...result.rejected.flatMap((r) => (r.ocid ? [r.ocid] : [])),
  ]);
  if (ocids.size > 1) {
    throw new ValidationError([
      {
        path: `${prefix}releases`,
        message: `holds ${ocids.size} ocids; post one procurement at a time (the CLI imports whole files: consortia import ocds)`,
      },
    ]);
  }
  const mapped = result.tenders[0];
  if (!mapped) {
    const issues = result.rejected.map((r) => ({
      path: `${prefix}${r.locator.replace(/\[(\d+)\]/g, '.$1')}`,
      message: r.ocid ? `release ${r.ocid} cannot be imported: ${r.reason}` : r.reason,
    }));
    throw new ValidationError(issues.length > 0 ? issues : [{ path: `${prefix}releases`, message: 'the package holds no release' }]);
  }
  return toTender(deps, mapped, mapped.id, prefix);
}

/**
 * The one way a request names a tender: inline (`tender`, validated against the reference data and given an
 * id) or stored (`tenderId`). Throws ValidationError naming `tender.…` fields, NotFoundError for an unknown id.
 */
export async function resolveTender(
  deps: Pick<CoreDeps, 'ref' | 'store'>,
  request: { tender?: TenderInput; tenderId?: string },
): Promise<Tender> {
  if (request.tender) return toTender(deps, request.tender, undefined, 'tender.');
  if (request.tenderId === undefined)
    throw new ValidationError([{ path: 'tender', message: 'give exactly one of tender (inline) or tenderId' }]);
  return getTender(deps, request.tenderId);
}

export async function getTender(deps: Pick<CoreDeps, 'store'>, id: string): Promise<Tender> {
  const tender = await deps.store.getTender(id);
  if (!tender) throw new NotFoundError('tender', id);
  return tender;
}
