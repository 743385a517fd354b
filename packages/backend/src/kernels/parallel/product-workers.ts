import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import {
  MessageChannel,
  receiveMessageOnPort,
  Worker,
  type MessagePort,
} from 'node:worker_threads';
import { webAssembly, type WasmMemory } from '@srnn/wasm-assembler';
import { TILE_LAYOUT } from '../transposed-left-driver';
import { tileName, transposedLeftModuleBytes } from '../transposed-left-module';
import { PRODUCT_WORKER_SOURCE } from './product-worker-source';

/** Environment variable that sets the threads for large matrix products on wasm (1 turns it off). */
export const THREADS_ENV_VAR = 'SRNN_THREADS';

/** At most this many threads by default: past that, copying the operands costs more than it saves. */
const DEFAULT_MAX_THREADS = 4;

/** How long the first large product waits for the workers to start before going on without. */
const WORKER_START_TIMEOUT_MS = 60_000;

/** How long the main thread waits for a worker's share before giving up on it. */
const WORKER_TIMEOUT_MS = 120_000;

const READY = 0;
const GO = 1;
const DONE = 2;
const PATH = 3;

/**
 * Work another package hands to the worker threads: the worker calls the function `exportName`
 * of the CommonJS module file `module` (an absolute path; loaded once per worker) with
 * `{ tf, floats, params }`, where `tf` is the worker's tfjs-core with its wasm backend active and
 * `floats` the shared floats the caller wrote the operands to (see {@link ProductWorker.floats}).
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
export class ProductWorker {
  private readonly control = new Int32Array(new SharedArrayBuffer(4 * 4));
  private readonly port: MessagePort;
  private readonly worker: Worker;
  private buffer: SharedArrayBuffer | null = null;
  private memory: WasmMemory | null = null;
  private bufferIsNew = false;
  private floatView: Float32Array<ArrayBufferLike> = new Float32Array(0);
  /** Why the worker cannot be used, once it has failed. */
  failure: string | null = null;
  /** A job was started and finish() has not been called for it yet. */
  private inFlight = false;

  constructor(paths: { core: string; wasm: string }) {
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    this.worker = new Worker(PRODUCT_WORKER_SOURCE, {
      eval: true,
      workerData: { paths, control: this.control, port: port2, simd: simdForWorkers() },
      transferList: [port2],
      // The source is a CommonJS script: flags of the parent such as --input-type=module or a
      // TypeScript loader must not apply to it.
      execArgv: [],
    });
    // Never keep the process alive, and never crash it: a failed worker is only passed over.
    this.worker.unref();
    this.port.unref();
    this.worker.on('error', (error) => {
      this.failure = String(error);
    });
  }

  /** True once the worker's backend is up and it has not failed. */
  get ready(): boolean {
    if (this.failure !== null) return false;
    const state = Atomics.load(this.control, READY);
    if (state === -1) {
      this.failure = this.takeError() ?? 'the worker could not start';
      console.warn(
        `@srnn/backend: a product worker thread could not start; its share runs on the calling thread (${this.failure.split('\n')[0]})`,
      );
    }
    return state === 1;
  }

  /**
   * Blocks until the worker's backend is up or has failed (or `timeoutMs` passed, which counts as
   * a failure). The worker thread starts on its own; this thread only waits.
   */
  waitUntilStarted(timeoutMs: number): void {
    const deadline = Date.now() + timeoutMs;
    while (Atomics.load(this.control, READY) === 0 && this.failure === null) {
      const left = deadline - Date.now();
      if (left <= 0) {
        this.failure = `did not start within ${timeoutMs / 1000} s`;
        void this.worker.terminate();
        return;
      }
      Atomics.wait(this.control, READY, 0, left);
    }
  }

  /** True when the worker's last Aᵀ·B share ran on the SIMD tiles in place (not through tfjs). */
  get lastTransposedLeftUsedSimd(): boolean {
    return Atomics.load(this.control, PATH) === 2;
  }

  /** The shared floats, at least `size` of them (grown, never shrunk). */
  floats(size: number): Float32Array<ArrayBufferLike> {
    this.settle();
    if (this.floatView.length < size) {
      // A shared WebAssembly memory where there is one, so that the worker's SIMD tiles can work
      // on the operands in place; else a plain SharedArrayBuffer.
      const pages = Math.ceil((size * 4) / 65536);
      this.memory = webAssembly
        ? new webAssembly.Memory({ initial: pages, maximum: pages, shared: true })
        : null;
      this.buffer = this.memory ? null : new SharedArrayBuffer(size * 4);
      this.bufferIsNew = true;
      this.floatView = new Float32Array((this.memory?.buffer ?? this.buffer) as SharedArrayBuffer);
    }
    return this.floatView;
  }

  /** Starts `task` on the operands already written to floats(); wait for it with finish(). */
  startTask(task: WorkerTask): void {
    this.start({ kind: 'task', ...task });
  }

  /** Starts `job` on the operands already written to floats(). */
  start(job: WorkerJob): void {
    this.settle();
    // A retired worker gets no job; finish() then reports why.
    if (this.failure !== null) return;
    this.inFlight = true;
    const fresh = this.memory ? { memory: this.memory } : { buffer: this.buffer };
    this.port.postMessage(this.bufferIsNew ? { ...job, ...fresh } : job);
    this.bufferIsNew = false;
    Atomics.store(this.control, DONE, 0);
    Atomics.store(this.control, GO, 1);
    Atomics.notify(this.control, GO);
  }

  /** Blocks until the started job is done; throws (and retires the worker) if it failed. */
  finish(): void {
    if (!this.inFlight) {
      if (this.failure !== null) throw new Error(`a product worker failed: ${this.failure}`);
      return;
    }
    this.inFlight = false;
    const waited = Atomics.wait(this.control, DONE, 0, WORKER_TIMEOUT_MS);
    const status = Atomics.load(this.control, DONE);
    if (status === 1) return;
    this.failure =
      waited === 'timed-out'
        ? `no answer within ${WORKER_TIMEOUT_MS / 1000} s`
        : (this.takeError() ?? 'the worker failed');
    void this.worker.terminate();
    throw new Error(`a product worker failed: ${this.failure}`);
  }

  /**
   * Waits out a job whose finish() was never called (its caller threw in between), so that the
   * shared floats and flags are never an earlier job's when the next one is written and started.
   */
  private settle(): void {
    if (!this.inFlight) return;
    try {
      this.finish();
    } catch {
      // The worker is retired (failure is set); the next start() gives it no job.
    }
  }

  private takeError(): string | undefined {
    const message = receiveMessageOnPort(this.port)?.message as { error?: string } | undefined;
    return message?.error;
  }

  terminate(): Promise<number> {
    return this.worker.terminate();
  }
}

/** What a worker needs to run the SIMD Aᵀ·B tiles on its shared memory: the module and layout. */
function simdForWorkers(): {
  bytes: Uint8Array;
  tileNames: string[][];
  layout: typeof TILE_LAYOUT;
} {
  return {
    bytes: transposedLeftModuleBytes(true),
    tileNames: TILE_LAYOUT.tileRows.map((r) => TILE_LAYOUT.tileColumns.map((c) => tileName(r, c))),
    layout: TILE_LAYOUT,
  };
}

/** Threads from SRNN_THREADS, else the machine's cores up to DEFAULT_MAX_THREADS. */
export function defaultThreads(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env[THREADS_ENV_VAR];
  if (raw === undefined || raw === '') return Math.min(availableParallelism(), DEFAULT_MAX_THREADS);
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
 * every large product of a run is shared the same way.
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
  return configuredThreads;
}

function workerPaths(): { core: string; wasm: string } {
  // Resolved from the wasm backend this package uses, so the worker gets the same tfjs-core.
  const requireHere = createRequire(import.meta.url);
  const wasm = requireHere.resolve('@tensorflow/tfjs-backend-wasm');
  const core = createRequire(wasm).resolve('@tensorflow/tfjs-core');
  return { core, wasm };
}

/**
 * The workers that can take a share now (possibly none). Starts them on first call; a worker that
 * failed is dropped for good and the products go on without it.
 */
/**
 * The ready workers to share `rows` rows with so that every thread, this one included, gets at
 * least `minimumRows` of them (see rowShares for the sizes); none when there are too few.
 */
export function workersForRows(rows: number, minimumRows: number): ProductWorker[] {
  return readyProductWorkers().slice(0, Math.max(0, Math.floor(rows / minimumRows) - 1));
}

export function readyProductWorkers(): ProductWorker[] {
  const wanted = productThreads() - 1;
  if (wanted <= 0) return [];
  if (workers.length === 0) {
    try {
      const paths = workerPaths();
      workers = Array.from({ length: wanted }, () => new ProductWorker(paths));
      // Wait for them once, here: products are then shared from the first large one on, so a
      // run's results never depend on how fast the workers happened to start.
      for (const worker of workers) worker.waitUntilStarted(WORKER_START_TIMEOUT_MS);
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
