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
 * with `{ tf, floats, params }`, where `tf` is the worker's tfjs-core with its wasm backend active
 * and `floats` the shared floats the caller wrote the operands to (see {@link ProductWorker.floats}).
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
  | { kind: 'transposedLeft'; rows: number; m: number; n: number; chunk: number };

/** One worker thread with its own wasm backend and a shared buffer for operands and result. */
export interface ProductWorker {
  /** True once the worker's backend is up and it has not failed. */
  readonly ready: boolean;
  /** Why the worker cannot be used, once it has failed. */
  readonly failure: string | null;
  /** True when the worker's last Aᵀ·B share ran on the SIMD tiles in place (not through tfjs). */
  readonly lastTransposedLeftUsedSimd: boolean;
  /** The shared floats, at least `size` of them (grown, never shrunk). */
  floats(size: number): Float32Array<ArrayBufferLike>;
  /** Starts `task` on the operands already written to floats(); wait for it with finish(). */
  startTask(task: WorkerTask): void;
  /** Starts `job` on the operands already written to floats(). */
  start(job: WorkerJob): void;
  /** Blocks until the started job is done; throws (and retires the worker) if it failed. */
  finish(): void;
  terminate(): Promise<number>;
}

/** What a platform with threads supplies (the Node entry installs one). */
export interface ThreadPlatform {
  /** Cores of this machine. */
  cores(): number;
  /** Starts `count` workers and blocks until each has started or failed. */
  startWorkers(count: number): ProductWorker[];
}

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
let workers: ProductWorker[] = [];

/**
 * Sets how many threads large matrix products on the wasm backend use: the calling thread plus
 * `threads - 1` worker threads, each with its own wasm backend. 1 turns the workers off.
 * Workers start on the first large product, which waits for them (about half a second) so that
 * every large product of a run is shared the same way. Where there are no worker threads
 * (browsers), products run on the calling thread whatever this says.
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
 * The ready workers to share `rows` rows with so that every thread, this one included, gets at
 * least `minimumRows` of them (see rowShares for the sizes); none when there are too few.
 */
export function workersForRows(rows: number, minimumRows: number): ProductWorker[] {
  return readyProductWorkers().slice(0, Math.max(0, Math.floor(rows / minimumRows) - 1));
}

/**
 * The workers that can take a share now (possibly none). Starts them on first call; a worker that
 * failed is dropped for good and the products go on without it.
 */
export function readyProductWorkers(): ProductWorker[] {
  const wanted = productThreads() - 1;
  if (wanted <= 0 || platform === null) return [];
  if (workers.length === 0) {
    try {
      // Waited for once, here: products are then shared from the first large one on, so a run's
      // results never depend on how fast the workers happened to start.
      workers = platform.startWorkers(wanted);
    } catch (error) {
      // Said once; the products go on, on the calling thread.
      configuredThreads = 1;
      console.warn(
        `@srnn/backend: product worker threads could not start (${String(error)}); large matrix products run on one thread`,
      );
      return [];
    }
  }
  return workers.filter((w) => w.ready);
}

/** Stops the worker threads (they are restarted by the next large product). */
export async function stopProductWorkers(): Promise<void> {
  const stopping = workers;
  workers = [];
  await Promise.all(stopping.map((w) => w.terminate()));
}

/**
 * Starts the product workers (if threads > 1) and resolves with how many are ready once each has
 * started or failed: call it before timing something, so that the start-up is not timed. (The
 * first large product waits for them the same way.)
 */
export async function startProductWorkers(): Promise<number> {
  return readyProductWorkers().length;
}
