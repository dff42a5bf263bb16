/**
 * express-session's store over the store's records (kind 'session'), for when Redis is not configured: sessions
 * are kept like everything else (the embedded store's SQLite file, or Neo4j) and survive a restart. Each session
 * expires with its cookie; expired ones read as absent and are deleted now and then (at most once a minute, after
 * a write). With Redis configured, connect-redis is used instead (src/queue/redis-sessions.ts).
 */
import session from 'express-session';
import type { RecordStore } from '../store/records.ts';

export const SESSION_DEFAULTS = {
  /** how long a session lasts without use, in milliseconds (8 hours: a working day) */
  maxAgeMs: 8 * 60 * 60 * 1000,
  sweepEveryMs: 60_000,
} as const;

type Callback = (err?: unknown, value?: session.SessionData | null) => void;

export class RecordSessionStore extends session.Store {
  private lastSweep = 0;

  constructor(private readonly records: RecordStore) {
    super();
  }

  override get(sid: string, callback: Callback): void {
    this.records.getRecord('session', sid).then(
      (record) => callback(undefined, (record?.doc as session.SessionData | undefined) ?? null),
      (error: unknown) => callback(error),
    );
  }

  override set(sid: string, data: session.SessionData, callback?: (err?: unknown) => void): void {
    const now = Date.now();
    const expires = data.cookie.expires ? new Date(data.cookie.expires).getTime() : now + SESSION_DEFAULTS.maxAgeMs;
    const accountId = (data as { accountId?: string }).accountId;
    this.records
      .putRecord({
        kind: 'session',
        id: sid,
        doc: data,
        at: new Date(now).toISOString(),
        key1: accountId,
        expiresAt: new Date(expires).toISOString(),
      })
      .then(() => this.sweep(now))
      .then(
        () => callback?.(),
        (error: unknown) => callback?.(error),
      );
  }

  /** Rewrites the expiry at most once a minute per session, not on every request (each write is a disk sync). */
  override touch(sid: string, data: session.SessionData, callback?: () => void): void {
    const now = Date.now();
    if (now - (this.touched.get(sid) ?? 0) < SESSION_DEFAULTS.sweepEveryMs) return void callback?.();
    if (this.touched.size > 10_000) this.touched.clear();
    this.touched.set(sid, now);
    this.set(sid, data, () => callback?.());
  }

  private readonly touched = new Map<string, number>();

  override destroy(sid: string, callback?: (err?: unknown) => void): void {
    this.records.deleteRecord('session', sid).then(
      () => callback?.(),
      (error: unknown) => callback?.(error),
    );
  }

  private async sweep(now: number): Promise<void> {
    if (now - this.lastSweep < SESSION_DEFAULTS.sweepEveryMs) return;
    this.lastSweep = now;
    await this.records.deleteExpired('session', new Date(now).toISOString());
  }
}
