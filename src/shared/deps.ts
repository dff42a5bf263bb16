import type { Logger } from 'pino';
import type { Reference } from '../reference/types.ts';
import type { Store } from '../store/types.ts';

/**
 * What happened in the domain that others may react to. The nightly-refresh slice listens to
 * organisationsChanged to queue incremental refreshes; the default does nothing.
 */
export interface DomainEvents {
  organisationsChanged(ids: readonly string[]): Promise<void>;
}

export const noEvents: DomainEvents = { organisationsChanged: async () => {} };

/** The dependencies every use case may take; built once in main.ts (or a test). */
export interface CoreDeps {
  store: Store;
  ref: Reference;
  now: () => Date;
  events: DomainEvents;
  logger: Logger;
}
