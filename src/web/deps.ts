import type { JobQueue } from '../queue/types.ts';
import type { PartnerScoreStore } from '../refresh/partner-scores.ts';
import type { CoreDeps } from '../shared/deps.ts';

/** What the pages call: the core use cases' dependencies, and the refresh queue and partner lists. */
export interface WebDeps extends CoreDeps {
  queue: JobQueue;
  scores: PartnerScoreStore;
  /** starts refresh runs within the run budget (src/refresh/run-budget.ts); the queue itself when absent */
  runs?: Pick<JobQueue, 'enqueueRun'>;
  /** ALERTS_WEBHOOK_ALLOW_PRIVATE: the preferences page accepts webhook URLs on private addresses */
  webhookAllowPrivate?: boolean;
}
