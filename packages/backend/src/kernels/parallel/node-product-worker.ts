// Product worker threads on Node.js (worker_threads): only the Node entry imports this file.
import { createRequire } from 'node:module';
import { availableParallelism, loadavg } from 'node:os';
import {
  MessageChannel,
  receiveMessageOnPort,
  Worker,
  type MessagePort,
} from 'node:worker_threads';
import { webAssembly, type WasmMemory } from '@srnn/wasm-assembler';
import { PACKED_LAYOUT } from '../packed-product-driver';
import { packedProductModuleBytes, packedProductName } from '../packed-product-module';
import { TILE_LAYOUT } from '../transposed-left-driver';
import { tileName, transposedLeftModuleBytes } from '../transposed-left-module';
import { PRODUCT_WORKER_SOURCE } from './product-worker-source';
import type {
  ProductWorker,
  ThreadPlatform,
  WorkerFault,
  WorkerJob,
  WorkerTask,
} from './product-workers';

/**
 * How long a worker may show no sign of life while it has a job before it is taken for hung: it
 * acknowledges a job as soon as it takes it and shows progress every few milliseconds of work
 * after that (see product-worker-source.ts), so only a thread that is stopped, stuck or gone stays
 * silent this long, however slow its share is under load.
 */
export const WORKER_SILENCE_LIMIT_MS = 1500;

/**
 * The silence limit on this machine now: WORKER_SILENCE_LIMIT_MS times the runnable threads per
 * core (the 1-minute load average over the cores, at least 1). On a machine running 15 threads per
 * core a thread may wait about that many times longer for its turn, and a worker that is only
 * waiting for a core must not be taken for hung (seen with a test suite and benchmarks at once).
 */
export function silenceLimitMs(load: number = readLoad(), cores = availableParallelism()) {
  return WORKER_SILENCE_LIMIT_MS * Math.max(1, load / Math.max(1, cores));
}

let readLoad = (): number => loadavg()[0] ?? 0;

/** Tests of the fallbacks pin the load (0: the base limit); undefined restores the machine's. */
export function setLoadReader(reader: (() => number) | undefined): void {
  readLoad = reader ?? (() => loadavg()[0] ?? 0);
}

/** How often finish() looks at a working worker's progress. */
const POLL_MS = 100;

const READY = 0;
const GO = 1;
const DONE = 2;
const PATH = 3;
const BEAT = 4;
const FAULT = 5;
const FAULT_MS = 6;

/** One worker thread with its own wasm backend and a shared buffer for operands and result. */
export class NodeProductWorker implements ProductWorker {
  private readonly control = new Int32Array(new SharedArrayBuffer(7 * 4));
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
  /** When the job in flight was started, and the progress count then. */
  private startedAt = 0;
  private beatsAtStart = 0;

  constructor(paths: { core: string; wasm: string }) {
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    this.worker = new Worker(PRODUCT_WORKER_SOURCE, {
      eval: true,
      workerData: {
        paths,
        control: this.control,
        port: port2,
        simd: simdForWorkers(),
        packed: packedForWorkers(),
      },
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
    this.startedAt = Date.now();
    this.beatsAtStart = Atomics.load(this.control, BEAT);
    Atomics.store(this.control, DONE, 0);
    Atomics.store(this.control, GO, 1);
    Atomics.notify(this.control, GO);
  }

  /**
   * Blocks until the started job is done, for as long as the worker shows progress; throws, and
   * retires the worker, if the job failed or the worker stayed silent for WORKER_SILENCE_LIMIT_MS
   * (it never took the job, or stopped half-way): its caller then runs the share itself.
   */
  finish(): void {
    if (!this.inFlight) {
      if (this.failure !== null) throw new Error(`a product worker failed: ${this.failure}`);
      return;
    }
    this.inFlight = false;
    let beats = this.beatsAtStart;
    let heardAt = this.startedAt;
    let limit = 0;
    let polledAt = Date.now();
    for (;;) {
      Atomics.wait(this.control, DONE, 0, POLL_MS);
      const status = Atomics.load(this.control, DONE);
      if (status === 1) return;
      if (status === -1) {
        this.retire(this.takeError() ?? 'the worker failed');
        break;
      }
      const now = Date.now();
      const latest = Atomics.load(this.control, BEAT);
      // A poll that wakes far later than asked means this process was not given a core either:
      // the worker's silence over that gap says nothing about the worker.
      const starved = now - polledAt > 3 * POLL_MS;
      polledAt = now;
      if (latest !== beats || starved) {
        beats = latest;
        heardAt = now;
        continue;
      }
      // Read once per job, and only for a silent worker (loadavg is a system call).
      if (limit === 0) limit = silenceLimitMs();
      if (now - heardAt >= limit) {
        const seconds = Math.round(limit / 100) / 10;
        this.retire(
          beats === this.beatsAtStart
            ? `hung: it did not take its job within ${seconds} s`
            : `hung: it showed no progress for ${seconds} s`,
        );
        break;
      }
    }
    throw new Error(`a product worker failed: ${this.failure}`);
  }

  /** Has the worker show `fault` on its next job (tests of the fallbacks). */
  injectFault(fault: WorkerFault): void {
    const code = { hang: 1, stall: 2, slow: 3 }[fault.kind];
    Atomics.store(this.control, FAULT_MS, fault.kind === 'slow' ? fault.ms : 0);
    Atomics.store(this.control, FAULT, code);
  }

  private retire(failure: string): void {
    this.failure = failure;
    void this.worker.terminate();
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
  relaxedBytes: Uint8Array;
  tileNames: string[][];
  layout: typeof TILE_LAYOUT;
} {
  return {
    bytes: transposedLeftModuleBytes(true),
    relaxedBytes: transposedLeftModuleBytes(true, true),
    tileNames: TILE_LAYOUT.tileRows.map((r) => TILE_LAYOUT.tileColumns.map((c) => tileName(r, c))),
    layout: TILE_LAYOUT,
  };
}

/** What a worker needs to run the packed-product tiles on its shared memory. */
function packedForWorkers(): {
  bytes: Uint8Array;
  relaxedBytes: Uint8Array;
  tileNames: string[][];
  layout: typeof PACKED_LAYOUT;
} {
  return {
    bytes: packedProductModuleBytes(true),
    relaxedBytes: packedProductModuleBytes(true, true),
    tileNames: PACKED_LAYOUT.tileRows.map((r) =>
      PACKED_LAYOUT.panelWidths.map((w) => packedProductName(r, w)),
    ),
    layout: PACKED_LAYOUT,
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
  startWorker: () => new NodeProductWorker(workerPaths()),
};
