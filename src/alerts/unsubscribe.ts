/**
 * One-click unsubscribe (RFC 8058), the use case behind GET/POST /alerts/unsubscribe/{token}: a genuine token stops
 * every pushed alert (email and webhook) of its organisation by setting unsubscribedAt (src/alerts/preferences.ts);
 * the web page and the API keep the entries. No account is needed: the token itself, signed with a key derived from
 * the service's signing secret, is the proof. An email link stops alerts only while the address it was sent to is
 * still the organisation's alert address, so an old email cannot stop mail going to someone else since.
 * Each unsubscribe is in the organisation's audit log (actor 'anonymous', target: the channel the link came from).
 */
import { audit } from '../accounts/audit.ts';
import { signingSecret } from '../accounts/bootstrap.ts';
import { NotFoundError } from '../shared/errors.ts';
import type { Store } from '../store/types.ts';
import { getPreferences, unsubscribe } from './preferences.ts';
import { addressDigest, unsubscribeKey, verifyUnsubscribeToken, type UnsubscribeClaim } from './unsubscribe-token.ts';

export interface UnsubscribeDeps {
  store: Store;
  now: () => Date;
}

/** The key unsubscribe tokens are signed with: every process on one store agrees on it. */
export async function unsubscribeKeyOf(deps: Pick<UnsubscribeDeps, 'store'>): Promise<Buffer> {
  return unsubscribeKey(await signingSecret(deps.store.records));
}

export interface UnsubscribeTarget {
  claim: UnsubscribeClaim;
  organisation: { id: string; name: string };
  /** already unsubscribed, or the email link's address is no longer the alert address: nothing left to stop */
  alreadyStopped: boolean;
}

/** What a token would stop; NotFoundError for a forged or malformed token or an organisation that is gone. */
export async function readUnsubscribeToken(deps: UnsubscribeDeps, token: string): Promise<UnsubscribeTarget> {
  const claim = verifyUnsubscribeToken(await unsubscribeKeyOf(deps), token);
  if (!claim) throw new NotFoundError('unsubscribe link', 'given');
  const [org] = await deps.store.getOrganisations([claim.organisationId]);
  if (!org) throw new NotFoundError('organisation', claim.organisationId);
  const prefs = await getPreferences(deps.store.records, org.id);
  const addressGone = claim.scope === 'email' && (prefs.email === undefined || addressDigest(prefs.email) !== claim.address);
  return { claim, organisation: { id: org.id, name: org.name }, alreadyStopped: prefs.unsubscribedAt !== undefined || addressGone };
}

/** Stops the organisation's pushed alerts (idempotent); returns what the token named. */
export async function unsubscribeByToken(deps: UnsubscribeDeps, token: string): Promise<UnsubscribeTarget> {
  const target = await readUnsubscribeToken(deps, token);
  if (target.alreadyStopped) return target;
  const at = deps.now().toISOString();
  await unsubscribe(deps.store.records, target.organisation.id, at);
  await audit(
    { records: deps.store.records, now: deps.now },
    { accountId: undefined, via: 'anonymous' },
    {
      action: 'alerts.unsubscribed',
      organisationId: target.organisation.id,
      target: { type: 'alerts', id: target.claim.scope },
      summary: `stopped alert emails and webhooks by a one-click link (${target.claim.scope})`,
    },
  );
  return { ...target, alreadyStopped: false };
}
