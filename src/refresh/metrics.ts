/**
 * The refresh's metrics on /metrics: queue depth by state (read from the queue at scrape time), and the durations and
 * failures of full runs, read from the durable run records (so a run scored by a separate worker process counts too):
 * each run that has committed or failed is observed once, the first time a scrape sees it finished.
 */
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { JobQueue } from '../queue/types.ts';
import type { PartnerScoreStore } from './partner-scores.ts';

const RUNS_READ = 50;

export function registerRefreshMetrics(registry: Registry, queue: JobQueue, scores: PartnerScoreStore): void {
  const seen = new Set<string>();
  // Registered first, so its collect (reading the runs) runs before the counter and gauge below are written out.
  const durations: Histogram<'outcome'> = new Histogram({
    name: 'consortia_refresh_run_duration_seconds',
    help: 'Refresh runs, start to commit (full), to applied (incremental) or to failure, by outcome',
    labelNames: ['outcome'],
    buckets: [1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600],
    registers: [registry],
    async collect() {
      try {
        const runs = await scores.recentRuns(RUNS_READ);
        running.set(runs.filter((r) => r.status === 'running').length);
        for (const run of runs) {
          if (seen.has(run.runId) || run.status === 'running') continue;
          seen.add(run.runId);
          const end = run.committedAt ?? run.endedAt;
          const seconds = end ? (Date.parse(end) - Date.parse(run.startedAt)) / 1000 : NaN;
          const failed = run.status === 'failed';
          if (failed) failures.inc();
          if (Number.isFinite(seconds) && seconds >= 0 && (failed || run.committedAt))
            durations.observe({ outcome: failed ? 'failed' : run.status === 'applied' ? 'applied' : 'committed' }, seconds);
        }
      } catch {
        // the store is away: /healthz says so
      }
    },
  });
  const failures = new Counter({
    name: 'consortia_refresh_run_failures_total',
    help: 'Refresh runs that failed (a shard, the commit or an incremental run failed for good, or the run was orphaned)',
    registers: [registry],
  });
  const running = new Gauge({
    name: 'consortia_refresh_runs_running',
    help: 'Refresh runs (full and incremental) running now',
    registers: [registry],
  });
  new Gauge({
    name: 'consortia_queue_jobs',
    help: 'Refresh jobs in the queue by state (waiting includes delayed and waiting for children)',
    labelNames: ['state'],
    registers: [registry],
    async collect() {
      try {
        const counts = await queue.jobCounts();
        for (const state of ['waiting', 'active', 'failed'] as const) this.set({ state }, counts[state]);
      } catch {
        // Redis away: the queue's health check says so; the gauge keeps its last values.
      }
    },
  });
}
