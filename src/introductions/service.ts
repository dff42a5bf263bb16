/**
 * Introductions by consent. A member of organisation A, having found candidate B for a tender, asks to be
 * introduced: the request carries the reasons the match gave for B (the same sentences A saw) and A's contact. B's
 * members see who is interested and why — never A's contact — and may accept (giving their own contact: both sides
 * then see both: double opt-in) or decline; A may withdraw. Either side may block the other: a blocked
 * organisation's requests never reach the blocker.
 *
 * What the requester cannot learn: a request to an organisation that blocked it, or whose do-not-partner list names
 * it, is stored and shown to the requester as pending, exactly like one that is simply not answered yet; it never
 * reaches the other side. So neither a block nor a veto can be read from the answer (docs/security.md).
 *
 * Records: kind 'introduction' (key1 = from, key2 = to), kind 'block' (id `<blocker>|<blocked>`, key1 = blocker,
 * key2 = blocked). Answers are optimistic replaces: two members answering at once cannot both win.
 */
import { laterThan } from '../accounts/accounts.ts';
import { audit } from '../accounts/audit.ts';
import { randomId } from '../accounts/tokens.ts';
import type { Caller } from '../http/caller.ts';
import { findPartners } from '../matching/find-partners.ts';
import type { VetoRule } from '../matching/vetoes.ts';
import type { CoreDeps } from '../shared/deps.ts';
import { ConflictError, NotFoundError, ValidationError } from '../shared/errors.ts';
import type { Contact, Introduction, IntroductionRequest } from './schema.ts';

type Deps = Pick<CoreDeps, 'store' | 'ref' | 'now'>;

const auditDeps = (deps: Deps) => ({ records: deps.store.records, now: deps.now });

/** Whether `blocker` keeps `other` out: blocked it, or names it on its do-not-partner list. */
async function keepsOut(deps: Deps, blocker: string, other: string): Promise<boolean> {
  if (await deps.store.records.getRecord('block', `${blocker}|${other}`)) return true;
  const org = await deps.store.getOrganisation(blocker);
  return org?.private?.doNotPartnerWith.includes(other) ?? false;
}

/**
 * A asks to meet B about a tender. The candidate must be among A's partners for that tender (the reasons are the
 * match's own); ValidationError naming `toId` when it is not, ConflictError when A already has an open request to B.
 */
export async function requestIntroduction(
  deps: Deps,
  caller: Caller,
  request: IntroductionRequest,
  vetoes: VetoRule,
): Promise<Introduction> {
  const match = await findPartners(
    deps,
    { seekerId: request.fromId, ...(request.tenderId ? { tenderId: request.tenderId } : { tender: request.tender! }), limit: 200 },
    vetoes,
  );
  const candidate = match.candidates.find((c) => c.organisation.id === request.toId);
  if (!candidate) {
    throw new ValidationError([{ path: 'toId', message: `${request.toId} is not among ${request.fromId}'s partners for this tender` }]);
  }
  const open = await deps.store.records.findRecords({ kind: 'introduction', key: request.fromId, offset: 0, limit: 1000 });
  if (
    open.items.some((r) => {
      const i = r.doc as Introduction;
      return i.fromId === request.fromId && i.toId === request.toId && i.state === 'pending' && i.tender.title === match.tender.title;
    })
  ) {
    throw new ConflictError(`${request.fromId} has asked to meet ${request.toId} about this tender already`);
  }
  const at = deps.now().toISOString();
  const introduction: Introduction = {
    id: randomId(),
    fromId: request.fromId,
    fromName: match.seeker.name,
    toId: request.toId,
    toName: candidate.organisation.name,
    tender: { ...(request.tenderId ? { id: match.tender.id } : {}), title: match.tender.title },
    reasons: candidate.reasonsFor.map((r) => r.text),
    ...(request.message ? { message: request.message } : {}),
    state: 'pending',
    createdAt: at,
    createdBy: caller.accountId ?? caller.id,
    contacts: { from: request.contact },
  };
  await deps.store.records.insertRecord({
    kind: 'introduction',
    id: introduction.id,
    doc: introduction,
    at,
    key1: introduction.fromId,
    key2: introduction.toId,
  });
  await audit(auditDeps(deps), caller, {
    action: 'introduction.requested',
    organisationId: introduction.fromId,
    target: { type: 'introduction', id: introduction.id },
    summary: `asked to meet ${introduction.toName} (${introduction.toId}) about “${introduction.tender.title}”`,
  });
  return introduction;
}

/** An organisation's introductions: those it asked for, and those asked of it that reach it (not from those it keeps out). */
export async function introductionsOf(deps: Deps, organisationId: string): Promise<{ sent: Introduction[]; received: Introduction[] }> {
  const page = await deps.store.records.findRecords({ kind: 'introduction', key: organisationId, offset: 0, limit: 1000 });
  const all = page.items.map((r) => r.doc as Introduction);
  const sent = all.filter((i) => i.fromId === organisationId);
  const received: Introduction[] = [];
  for (const i of all) if (i.toId === organisationId && !(await keepsOut(deps, organisationId, i.fromId))) received.push(i);
  return { sent, received };
}

export async function getIntroduction(deps: Deps, id: string): Promise<Introduction> {
  const introduction = (await deps.store.records.getRecord('introduction', id))?.doc as Introduction | undefined;
  if (!introduction) throw new NotFoundError('introduction', id);
  return introduction;
}

type Answer = { kind: 'accept'; contact: Contact } | { kind: 'decline' } | { kind: 'withdraw' };

/**
 * The candidate accepts (with its contact) or declines; the requester withdraws. `side` is the organisation the
 * caller acts for (checked by the route). NotFoundError when the introduction does not reach that side (a blocked
 * request is not there to answer); ConflictError when it was answered already.
 */
export async function answerIntroduction(deps: Deps, caller: Caller, id: string, side: string, answer: Answer): Promise<Introduction> {
  const record = await deps.store.records.getRecord('introduction', id);
  const introduction = record?.doc as Introduction | undefined;
  const isCandidate = introduction?.toId === side && answer.kind !== 'withdraw';
  const isRequester = introduction?.fromId === side && answer.kind === 'withdraw';
  if (!record || !introduction || (!isCandidate && !isRequester)) throw new NotFoundError('introduction', id);
  if (isCandidate && (await keepsOut(deps, side, introduction.fromId))) throw new NotFoundError('introduction', id);
  if (introduction.state !== 'pending') throw new ConflictError(`introduction ${id} was ${introduction.state} already`);
  const at = laterThan(record.at, deps.now());
  const next: Introduction = {
    ...introduction,
    state: answer.kind === 'accept' ? 'accepted' : answer.kind === 'decline' ? 'declined' : 'withdrawn',
    answeredAt: at,
    answeredBy: caller.accountId ?? caller.id,
    ...(answer.kind === 'accept' ? { contacts: { ...introduction.contacts, to: answer.contact } } : {}),
  };
  if (!(await deps.store.records.replaceRecord({ ...record, doc: next, at }, record.at)))
    throw new ConflictError(`introduction ${id} was answered meanwhile`);
  await audit(auditDeps(deps), caller, {
    action:
      answer.kind === 'accept' ? 'introduction.accepted' : answer.kind === 'decline' ? 'introduction.declined' : 'introduction.withdrawn',
    organisationId: side,
    target: { type: 'introduction', id },
    summary:
      answer.kind === 'withdraw'
        ? `withdrew the request to meet ${introduction.toName}`
        : `${answer.kind === 'accept' ? 'accepted' : 'declined'} ${introduction.fromName}'s request to meet${answer.kind === 'accept' ? ': contacts shared both ways' : ''}`,
  });
  return next;
}

/** `blocker` stops seeing introductions from `blocked` (and, being silent, the blocked side cannot tell). */
export async function block(deps: Deps, caller: Caller, blocker: string, blocked: string): Promise<void> {
  if (blocker === blocked) throw new ValidationError([{ path: 'organisationId', message: 'must be another organisation' }]);
  if (!(await deps.store.getOrganisation(blocked))) throw new NotFoundError('organisation', blocked);
  const at = deps.now().toISOString();
  await deps.store.records.putRecord({
    kind: 'block',
    id: `${blocker}|${blocked}`,
    doc: { blocker, blocked, at, by: caller.accountId },
    at,
    key1: blocker,
    key2: blocked,
  });
  await audit(auditDeps(deps), caller, {
    action: 'organisation.blocked',
    organisationId: blocker,
    target: { type: 'organisation', id: blocked },
    summary: `blocked introductions from ${blocked}`,
  });
}

export async function unblock(deps: Deps, caller: Caller, blocker: string, blocked: string): Promise<void> {
  if (await deps.store.records.deleteRecord('block', `${blocker}|${blocked}`)) {
    await audit(auditDeps(deps), caller, {
      action: 'organisation.unblocked',
      organisationId: blocker,
      target: { type: 'organisation', id: blocked },
      summary: `unblocked ${blocked}`,
    });
  }
}

/** The organisations `blocker` has blocked. */
export async function blocksOf(deps: Deps, blocker: string): Promise<string[]> {
  const page = await deps.store.records.findRecords({ kind: 'block', key: blocker, offset: 0, limit: 1000 });
  return page.items.filter((r) => r.key1 === blocker).map((r) => (r.doc as { blocked: string }).blocked);
}
