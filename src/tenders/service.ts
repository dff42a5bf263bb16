import type { CoreDeps } from '../shared/deps.ts';
import { ValidationError, NotFoundError } from '../shared/errors.ts';
import { generatedId } from '../shared/ids.ts';
import { Tender, type TenderInput } from './schema.ts';
import { tenderReferenceIssues } from './validate.ts';

export function toTender(deps: Pick<CoreDeps, 'ref'>, input: TenderInput, id?: string): Tender {
  const issues = tenderReferenceIssues(input, deps.ref);
  if (issues.length > 0) throw new ValidationError(issues);
  return Tender.parse({ ...input, id: id ?? input.id ?? generatedId('TND', input.title) });
}

/** Stores a tender (created or replaced by id). */
export async function saveTender(deps: Pick<CoreDeps, 'ref' | 'store'>, input: TenderInput, id?: string): Promise<{ tender: Tender; created: boolean }> {
  if (id !== undefined && input.id !== undefined && input.id !== id) throw new ValidationError([{ path: 'id', message: `does not match the id in the URL (${id})` }]);
  const tender = toTender(deps, input, id);
  const summary = await deps.store.upsertTenders([tender]);
  return { tender, created: summary.created > 0 };
}

export async function getTender(deps: Pick<CoreDeps, 'store'>, id: string): Promise<Tender> {
  const tender = await deps.store.getTender(id);
  if (!tender) throw new NotFoundError('tender', id);
  return tender;
}
