// The pool of product worker threads, without any Node module: which workers exist is decided by
// a platform that the Node entry installs (worker_threads). Without one (browsers) there are no
// workers and every product and task runs on the calling thread.
import { processEnv } from '../../process-env';

/** Environment variable that sets the threads for large matrix products on wasm (1 turns it off). */
export const THREADS_ENV_VAR = 'SRNN_THREADS';

/** At most this many threads by default: past that, copying the operands costs more than it saves. */
const DEFAULT_MAX_THREADS = 4;

/**
 * Work another package hands to the worker threads: the worker calls the function `exportName`
 * of the CommonJS module file `module` (a path from {@link workerTasksFor}; loaded once per worker)
 * with `{ tf, floats, params, progress }`, where `tf` is the worker's tfjs-core with its wasm
 * backend active, `floats` the shared floats the caller wrote the operands to (see
 * {@link ProductWorker.floats}) and `progress` a function the task calls every few milliseconds of
 * work (e.g. once per step): a worker that shows no progress for a second or two is taken for hung.
 * A task that throws fails the job: {@link ProductWorker.finish} throws and retires the worker.
 */
export interface WorkerTask {
  module: string;
  exportName: string;
  /** Structured-cloneable parameters. */
  params: unknown;
}

/** A job a worker can run (see product-worker-source.ts). */
export type WorkerJob =
  | ({ kind: 'task' } & WorkerTask)
  | { kind: 'product'; rows: number; k: number; n: number }
  | { kind: 'packedProduct'; rows: number; k: number; n: number; relaxed: boolean }
  | {
      kind: 'transposedLeft';
      rows: number;
      m: number;
      n: number;
      chunk: number;
      relaxed: boolean;
    };

/** One worker thread with its own wasm backend and a shared buffer for operands and result. */
export interface ProductWorker {
  /** True once the worker's backend is up and it has not failed. */
  readonly ready: boolean;
  /** Why the worker cannot be used, once it has failed (a job threw, or it hung). */
  readonly failure: string | null;
  /** True when the worker's last Aᵀ·B share ran on the SIMD tiles in place (not through tfjs). */
  readonly lastTransposedLeftUsedSimd: boolean;
  /** Blocks until the worker's backend is up or has failed (`timeoutMs` passing is a failure). */
  waitUntilStarted(timeoutMs: number): void;
  /** The shared floats, at least `size` of them (grown, never shrunk). */
  floats(size: number): Float32Array<ArrayBufferLike>;
  /** Starts `task` on the operands already written to floats(); wait for it with finish(). */
  startTask(task: WorkerTask): void;
  /** Starts `job` on the operands already written to floats(). */
  start(job: WorkerJob): void;
  /**
   * Blocks until the started job is done; throws, and retires the worker, if the job failed or
   * the worker hung (it took no job, or stopped showing progress, for a second or two).
   */
  finish(): void;
  terminate(): Promise<number>;
}

/**
 * Faults a test can have a worker show on its next job: 'hang' takes the job but never acknowledges
 * it (a thread stuck or stopped); 'stall' acknowledges it and then stops (stuck half-way); 'slow'
 * works through it slowly for `ms`, showing progress all along.
 */
export type WorkerFault = { kind: 'hang' } | { kind: 'stall' } | { kind: 'slow'; ms: number };

/** Has `worker` show `fault` on its next job (tests of the fallbacks); false if it cannot. */
export function injectWorkerFault(worker: ProductWorker, fault: WorkerFault): boolean {
  const faulty = worker as ProductWorker & { injectFault?: (fault: WorkerFault) => void };
  if (typeof faulty.injectFault !== 'function') return false;
  faulty.injectFault(fault);
  return true;
}

/** What a platform with threads supplies (the Node entry installs one). */
export interface ThreadPlatform {
  /** Cores of this machine. */
  cores(): number;
  /** Starts one worker without waiting for it (see {@link ProductWorker.waitUntilStarted}). */
  startWorker(): ProductWorker;
}

/** How long the first large product waits for the workers to start before going on without. */
const WORKER_START_TIMEOUT_MS = 60_000;

/**
 * Times a slot's worker is replaced after failing, in one process: a worker that hung (e.g. its
 * thread was stopped) is worth a fresh one, but one that fails each time is not worth restarting
 * for ever.
 */
const MAX_RESTARTS_PER_SLOT = 3;

let platform: ThreadPlatform | null = null;

/** Installs the platform that starts worker threads (null: none, everything on this thread). */
export function setThreadPlatform(next: ThreadPlatform | null): void {
  platform = next;
  void stopProductWorkers();
}

/**
 * Threads from SRNN_THREADS, else the machine's cores up to DEFAULT_MAX_THREADS (1 where no
 * worker threads can be started).
 */
export function defaultThreads(env: Record<string, string | undefined> = processEnv()): number {
  const raw = env[THREADS_ENV_VAR];
  if (raw === undefined || raw === '') {
    return Math.min(platform === null ? 1 : platform.cores(), DEFAULT_MAX_THREADS);
  }
  const threads = Number(raw);
  if (!Number.isInteger(threads) || threads < 1) {
    throw new Error(
      `${THREADS_ENV_VAR}: expected a whole number of threads, 1 or more (1 = no worker threads), got '${raw}'`,
    );
  }
  return threads;
}

let configuredThreads: number | null = null;

/** One worker thread's place in the pool: its worker now and how often it was replaced. */
interface Slot {
  worker: ProductWorker;
  restarts: number;
}
let slots: Slot[] = [];

/**
 * Sets how many threads large matrix products on the wasm backend use: the calling thread plus
 * `threads - 1` worker threads, each with its own wasm backend. 1 turns the workers off.
 * Workers start on the first large product, which waits for them (about half a second). Where
 * there are no worker threads (browsers), products run on the calling thread whatever this says.
 */
export function setProductThreads(threads: number): void {
  if (!Number.isInteger(threads) || threads < 1) {
    throw new Error(`setProductThreads: expected a whole number, 1 or more, got ${threads}`);
  }
  if (threads === configuredThreads) return;
  configuredThreads = threads;
  void stopProductWorkers();
}

/** Threads large products on wasm use now (set by setProductThreads or SRNN_THREADS). */
export function productThreads(): number {
  if (configuredThreads === null) configuredThreads = defaultThreads();
  return platform === null ? 1 : configuredThreads;
}

/**
 * The workers for the shares of `rows` rows, so that every thread, this one included, gets at
 * least `minimumRows` of them (see rowShares for the sizes); none when there are too few. How many
 * shares there are depends only on the thread count and the sizes, never on which workers are up,
 * so that sums split between shares add up in the same order on every run: a share whose worker
 * is not ready (failed, hung, or its replacement still starting) is given as null, and its caller
 * runs it on this thread (see runShares).
 */
export function workersForRows(rows: number, minimumRows: number): (ProductWorker | null)[] {
  const shares = Math.max(0, Math.floor(rows / minimumRows) - 1);
  return productWorkerSlots()
    .slice(0, shares)
    .map((worker) => (worker.ready ? worker : null));
}

/** The workers that can take a share now (possibly none). */
export function readyProductWorkers(): ProductWorker[] {
  return productWorkerSlots().filter((w) => w.ready);
}

/**
 * The worker of each slot, started on first call (and waited for, once, so that the first
 * products are shared like the rest). A worker that failed is replaced by a fresh one started in
 * the background, up to MAX_RESTARTS_PER_SLOT times; until it is ready its shares run here.
 */
function productWorkerSlots(): ProductWorker[] {
  const wanted = productThreads() - 1;
  if (wanted <= 0 || platform === null) return [];
  if (slots.length === 0) {
    try {
      slots = Array.from({ length: wanted }, () => ({
        worker: platform!.startWorker(),
        restarts: 0,
      }));
      for (const { worker } of slots) worker.waitUntilStarted(WORKER_START_TIMEOUT_MS);
    } catch (error) {
      // Said once; the products go on, on the calling thread.
      void stopProductWorkers();
      configuredThreads = 1;
      console.warn(
        `@srnn/backend: product worker threads could not start (${String(error)}); large matrix products run on one thread`,
      );
      return [];
    }
  }
  for (const slot of slots) {
    if (slot.worker.failure !== null && slot.restarts < MAX_RESTARTS_PER_SLOT) {
      void slot.worker.terminate();
      try {
        slot.worker = platform.startWorker();
        slot.restarts += 1;
      } catch {
        slot.restarts = MAX_RESTARTS_PER_SLOT;
      }
    }
  }
  return slots.map((slot) => slot.worker);
}

/** Stops the worker threads (they are restarted by the next large product). */
export async function stopProductWorkers(): Promise<void> {
  const stopping = slots;
  slots = [];
  await Promise.all(stopping.map(({ worker }) => worker.terminate()));
}

/**
 * Starts the product workers (if threads > 1) and resolves with how many are ready once each has
 * started or failed: call it before timing something, so that the start-up is not timed. (The
 * first large product waits for them the same way.)
 */
export async function startProductWorkers(): Promise<number> {
  return readyProductWorkers().length;
}
