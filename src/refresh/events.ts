/**
 * DomainEvents for the refresh: when organisations are created or updated, queue an incremental refresh of
 * each (its own list) that cascades to the organisations whose current list includes it. New organisations
 * enter other organisations' lists at the next full run.
 *
 * The write that raised the event has already succeeded, so a queue that cannot be reached does not fail it:
 * the refresh is skipped with a warning and the next nightly run catches up.
 */
import type { Logger } from 'pino';
import type { JobQueue } from '../queue/types.ts';
import type { DomainEvents } from '../shared/deps.ts';
import { AppError } from '../shared/errors.ts';

/** Ids queued per call to the queue (a bulk import raises one event per batch of thousands). */
const CHUNK = 1000;

/** `scope`: the refresh scope the events belong to ('' in production; tests use their id prefix). */
export function refreshEvents(queue: JobQueue, logger?: Logger, scope = ''): DomainEvents {
  return {
    async organisationsChanged(ids: readonly string[]): Promise<void> {
      try {
        for (let i = 0; i < ids.length; i += CHUNK)
          await queue.enqueueOrganisationRefresh(ids.slice(i, i + CHUNK), { scope, cascade: true });
      } catch (error) {
        if (!(error instanceof AppError && error.retriable)) throw error;
        logger?.warn({ err: error, organisations: ids.length }, 'incremental partner refresh not queued; the next full run will catch up');
      }
    },
  };
}
