/**
 * A concurrency budget for an expensive route: at most `concurrent` requests run at once, at most `waiting` more wait
 * for a turn, each at most `maxWaitMs`; any other answers 503 with Retry-After at once instead of queuing behind the
 * rest (issue #16: ten concurrent exact consortium searches → p50 3.1 s, and every other request stalled behind them).
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { BusyError } from '../../shared/errors.ts';

export interface BudgetOptions {
  /** what the budget guards, for the error message ("consortium search") */
  name: string;
  concurrent: number;
  waiting: number;
  maxWaitMs: number;
  retryAfterSeconds: number;
}

export interface ConcurrencyBudget extends RequestHandler {
  /** requests running and waiting now (tests, /metrics) */
  load(): { running: number; waiting: number };
}

export function concurrencyBudget(options: BudgetOptions): ConcurrencyBudget {
  let running = 0;
  const queue: { start: () => void; timer: NodeJS.Timeout }[] = [];
  const busy = (why: string) =>
    new BusyError(
      `Too many ${options.name} requests at once (${why}); try again in ${options.retryAfterSeconds} s`,
      options.retryAfterSeconds,
    );

  const release = () => {
    running--;
    const next = queue.shift();
    if (next) {
      clearTimeout(next.timer);
      next.start();
    }
  };

  const handler = ((req: Request, res: Response, next: NextFunction) => {
    const start = () => {
      running++;
      let released = false;
      const once = () => {
        if (released) return;
        released = true;
        release();
      };
      res.on('finish', once);
      res.on('close', once);
      next();
    };
    if (running < options.concurrent) return start();
    if (queue.length >= options.waiting) return next(busy(`${running} running, ${queue.length} waiting`));
    const entry = {
      start,
      timer: setTimeout(() => {
        const at = queue.indexOf(entry);
        if (at >= 0) queue.splice(at, 1);
        next(busy(`waited ${options.maxWaitMs} ms for a turn`));
      }, options.maxWaitMs),
    };
    queue.push(entry);
    // A caller that gives up while waiting gives its place back.
    req.on('close', () => {
      const at = queue.indexOf(entry);
      if (at >= 0 && req.destroyed) {
        queue.splice(at, 1);
        clearTimeout(entry.timer);
      }
    });
  }) as ConcurrencyBudget;
  handler.load = () => ({ running, waiting: queue.length });
  return handler;
}
