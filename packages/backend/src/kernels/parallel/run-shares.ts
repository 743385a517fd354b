// The one way work is shared with the worker threads: every share is started, this thread runs its
// own, and then each share's result is taken in order, from its worker or, when the share has no
// worker or its worker failed or hung, from this thread running the share itself.
import type { ProductWorker } from './product-workers';

/** One share of some work, and the worker it was given to (null: none ready, it runs here). */
export interface Share<S> {
  worker: ProductWorker | null;
  share: S;
}

/** How a piece of work is shared (see runShares). */
export interface SharedWork<S> {
  /** Writes the share's operands to the worker's floats and starts the worker on it. */
  start(worker: ProductWorker, share: S): void;
  /** This thread's own share, run while the workers run theirs. */
  own(): void;
  /** Takes a share's results from the floats of the worker that finished it. */
  collect(worker: ProductWorker, share: S): void;
  /**
   * Runs a share on this thread instead and takes its results: it must give the very bits the
   * worker would have (e.g. a partial sum computed apart and then added, as the worker's is).
   */
  runHere(share: S): void;
}

/** What happened to shares so far in this process, for reports and checks. */
export interface ShareCounts {
  /** Shares a worker finished. */
  byWorkers: number;
  /** Shares that ran on the calling thread because their worker failed or hung. */
  afterFailure: number;
  /** Shares that ran on the calling thread because no worker was ready for them. */
  withoutWorker: number;
}

const counts: ShareCounts = { byWorkers: 0, afterFailure: 0, withoutWorker: 0 };
let failureReported = false;

/** Counts of the shares run so far (a copy). */
export function shareCounts(): ShareCounts {
  return { ...counts };
}

/**
 * Runs `work` split into `shares`: starts each share that has a worker, runs this thread's own
 * share, then takes every share's results in the order given. A worker that fails or hangs is
 * retired by its finish() (the pool replaces it) and its share runs here; said once per process.
 */
export function runShares<S>(shares: readonly Share<S>[], work: SharedWork<S>): void {
  for (const { worker, share } of shares) if (worker !== null) work.start(worker, share);
  work.own();
  shares.forEach(({ worker, share }) => {
    if (worker === null) {
      counts.withoutWorker += 1;
      work.runHere(share);
      return;
    }
    try {
      worker.finish();
    } catch (error) {
      counts.afterFailure += 1;
      if (!failureReported) {
        failureReported = true;
        console.warn(
          `@srnn/backend: a worker thread failed on its share; the share ran on the calling thread and the worker was retired (${String(error).split('\n')[0]})`,
        );
      }
      work.runHere(share);
      return;
    }
    counts.byWorkers += 1;
    work.collect(worker, share);
  });
}
