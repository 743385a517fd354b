// Product worker threads on Node.js (worker_threads): only the Node entry imports this file.
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
import type { ProductWorker, ThreadPlatform, WorkerJob, WorkerTask } from './product-workers';

/** How long the first large product waits for the workers to start before going on without. */
const WORKER_START_TIMEOUT_MS = 60_000;

/** How long the main thread waits for a worker's share before giving up on it. */
const WORKER_TIMEOUT_MS = 120_000;

const READY = 0;
const GO = 1;
const DONE = 2;
const PATH = 3;

/** One worker thread with its own wasm backend and a shared buffer for operands and result. */
export class NodeProductWorker implements ProductWorker {
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

function workerPaths(): { core: string; wasm: string } {
  // Resolved from the wasm backend this package uses, so the worker gets the same tfjs-core.
  const requireHere = createRequire(import.meta.url);
  const wasm = requireHere.resolve('@tensorflow/tfjs-backend-wasm');
  const core = createRequire(wasm).resolve('@tensorflow/tfjs-core');
  return { core, wasm };
}

/** Worker threads of Node.js (worker_threads), each with its own wasm backend. */
export const nodeThreadPlatform: ThreadPlatform = {
  cores: () => availableParallelism(),
  startWorkers(count: number): ProductWorker[] {
    const paths = workerPaths();
    const started = Array.from({ length: count }, () => new NodeProductWorker(paths));
    for (const worker of started) worker.waitUntilStarted(WORKER_START_TIMEOUT_MS);
    return started;
  },
};
