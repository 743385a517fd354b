import { multiplyPacked, planPackedProduct } from '../packed-product-driver';
import { addTransposedLeftProduct } from '../transposed-left-driver';

/**
 * The source of a product worker: a worker thread with its own TensorFlow.js wasm backend that
 * computes its share of a large matrix product. Kept as plain JavaScript text (run with
 * `new Worker(source, { eval: true })`) so it needs no build step and no file beside the bundle.
 *
 * Protocol, all through one SharedArrayBuffer of Int32 control words and one of floats:
 * - the worker sets READY to 1 once its backend is up (or -1 with a message on its port if not);
 * - the main thread posts a job object on the port, then sets GO to 1 and notifies;
 * - the worker reads the job with receiveMessageOnPort (it is blocked in Atomics.wait, so it cannot
 *   take events), acknowledges it by adding 1 to BEAT, computes (adding 1 to BEAT every few
 *   milliseconds of work, so that the main thread can tell a slow worker from a hung one), writes
 *   the result into the float buffer (PATH says how an Aᵀ·B was summed: 2 with the SIMD tiles,
 *   1 through tfjs), clears GO, sets DONE to 1 (or -1 and posts the error text) and notifies;
 * - FAULT (tests only) has the next job show a fault: 1 never acknowledged (hung), 2 acknowledged
 *   and then never finished (stalled), 3 worked through slowly for FAULT_MS ms, showing progress.
 * Jobs: 'task' calls the function `exportName` of the CommonJS module file `module` (loaded once)
 * with { tf, floats, params, progress }: work another package ships for these threads, e.g. a share
 * of a recurrence (it reads its operands from and writes its results to the floats, and calls
 * progress() as it goes). 'product' multiplies A [rows, k] (at float 0) by B [k, n] (after A) into
 * C [rows, n] (after B), in blocks of rows (each row's result is the same whatever block it is in);
 * 'packedProduct' does the same with B packed in column panels, on the calling thread's
 * packed-product tiles in place (the same driver functions, their source text included below);
 * 'transposedLeft' sums Aᵀ·B for A [rows, m] and B [rows, n] into C [m, n]: with the calling
 * thread's SIMD tiles in place when the floats live in a shared WebAssembly memory (the tiles'
 * driver is the very function the calling thread runs, its source text included below), else in
 * chunks of `chunk` rows through this worker's tfjs.
 */
export const PRODUCT_WORKER_SOURCE = String.raw`
const { workerData, receiveMessageOnPort } = require('node:worker_threads');
const { paths, control, port } = workerData;
const { simd } = workerData;
const { packed } = workerData;
const READY = 0, GO = 1, DONE = 2, PATH = 3, BEAT = 4, FAULT = 5, FAULT_MS = 6;
// Shows the main thread this worker is alive and working (see finish() in node-product-worker.ts).
const progress = () => Atomics.add(control, BEAT, 1);
const fail = (error) => port.postMessage({ error: String((error && error.stack) || error) });
let tf;
(async () => {
  try {
    tf = require(paths.core);
    require(paths.wasm);
    // One product at a time per worker: its own wasm backend runs one thread.
    if (!(await tf.setBackend('wasm'))) throw new Error('the wasm backend did not initialise');
    await tf.ready();
  } catch (error) {
    fail(error);
    Atomics.store(control, READY, -1);
    Atomics.notify(control, READY);
    return;
  }
  Atomics.store(control, READY, 1);
  Atomics.notify(control, READY);
  let floats = null;
  // The shared WebAssembly memory the floats live in (null: a plain SharedArrayBuffer).
  let memory = null;
  for (;;) {
    Atomics.wait(control, GO, 0);
    const job = receiveMessageOnPort(port).message;
    if (job.memory) {
      floats = new Float32Array(job.memory.buffer);
      memory = job.memory;
    } else if (job.buffer) {
      floats = new Float32Array(job.buffer);
      memory = null;
    }
    showFault();
    progress();
    let status = 1;
    try {
      if (job.kind === 'task') runTask(floats, job);
      else if (job.kind === 'product') product(floats, job);
      else if (job.kind === 'packedProduct') packedProduct(tilesFor(packed, memory, job.relaxed), job);
      else {
        const tiles = simd ? tilesFor(simd, memory, job.relaxed) : null;
        if (tiles) transposedLeftInPlace(floats, tiles, job);
        else transposedLeft(floats, job);
      }
    } catch (error) {
      fail(error);
      status = -1;
    }
    Atomics.store(control, GO, 0);
    Atomics.store(control, DONE, status);
    Atomics.notify(control, DONE);
  }
})();

// A fault a test asked for (see FAULT above): hung and stalled workers block until terminated.
function showFault() {
  const fault = Atomics.exchange(control, FAULT, 0);
  if (fault === 0) return;
  if (fault === 2) progress();
  if (fault === 1 || fault === 2) for (;;) Atomics.wait(control, FAULT, 0);
  const end = Date.now() + Atomics.load(control, FAULT_MS);
  progress();
  while (Date.now() < end) {
    Atomics.wait(control, FAULT, 0, 20);
    progress();
  }
}

const taskModules = new Map();
function runTask(floats, { module, exportName, params }) {
  let loaded = taskModules.get(module);
  if (loaded === undefined) {
    loaded = require(module);
    taskModules.set(module, loaded);
  }
  const task = loaded[exportName];
  if (typeof task !== 'function') throw new Error(module + ' exports no function ' + exportName);
  task({ tf, floats, params, progress });
}

// Rows per block of a product share: about 32 MFLOP (a few milliseconds) between signs of progress,
// and never fewer than 64 rows.
const PRODUCT_BLOCK_FLOPS = 2 ** 25;

function product(floats, { rows, k, n }) {
  const b = tf.tensor2d(floats.subarray(rows * k, rows * k + k * n), [k, n]);
  const out = rows * k + k * n;
  const block = Math.max(64, Math.floor(PRODUCT_BLOCK_FLOPS / (2 * k * n)));
  try {
    for (let first = 0; first < rows; first += block) {
      // The last block takes a short remainder with it.
      const size = rows - first < 2 * block ? rows - first : block;
      const c = tf.tidy(() =>
        tf.matMul(tf.tensor2d(floats.subarray(first * k, (first + size) * k), [size, k]), b),
      );
      // Straight from the worker's heap: dataSync would copy the result once more.
      floats.set(tf.backend().typedArrayFromHeap(c), out + first * n);
      c.dispose();
      progress();
      if (size !== block) break;
    }
  } finally {
    b.dispose();
  }
}

// The tiles of a module the calling thread sent (its bytes, plain and with the relaxed
// multiply-add, and export names) on a shared memory, or null when they cannot be had here. Each
// module is compiled once, and instantiated once per memory.
const compiledModules = new Map();
const instances = new WeakMap();
function tilesFor(what, memory, relaxed) {
  if (memory === null) return null;
  const bytes = relaxed ? what.relaxedBytes : what.bytes;
  let onMemory = instances.get(memory);
  if (onMemory === undefined) {
    onMemory = new Map();
    instances.set(memory, onMemory);
  }
  let tiles = onMemory.get(bytes);
  if (tiles === undefined) {
    try {
      let module = compiledModules.get(bytes);
      if (module === undefined) {
        module = new WebAssembly.Module(bytes);
        compiledModules.set(bytes, module);
      }
      const { exports } = new WebAssembly.Instance(module, { env: { memory } });
      tiles = what.tileNames.map((row) => row.map((name) => exports[name]));
    } catch {
      tiles = null;
    }
    onMemory.set(bytes, tiles);
  }
  return tiles;
}

// A [rows, k] at float 0 times B [k, n] packed in panels after it, into C [rows, n] after B.
function packedProduct(tiles, { rows, k, n }) {
  if (tiles === null) {
    throw new Error('this worker cannot run the packed-product tiles (no WebAssembly SIMD on its shared memory)');
  }
  const plans = new Map();
  const plan = (passRows) => {
    let calls = plans.get(passRows);
    if (calls === undefined) {
      calls = planProduct(passRows, k, n, packed.layout);
      plans.set(passRows, calls);
    }
    return calls;
  };
  const b = 4 * rows * k;
  runPacked(tiles, packed.layout, plan, b + 4 * k * n, 4 * n, 0, 4 * k, b, rows, k, progress);
}

// A bundler may rename these functions, so their texts are bound to names of our own.
const planProduct = ${planPackedProduct.toString()};
const runPacked = ${multiplyPacked.toString()};

function transposedLeftInPlace(floats, tiles, { rows, m, n }) {
  const out = rows * (m + n);
  floats.fill(0, out, out + m * n);
  // Runs of whole blocks of the driver: the same sums, in the same order, as one call.
  const run = 8 * simd.layout.blockRows;
  for (let first = 0; first < rows; first += run) {
    const size = Math.min(run, rows - first);
    driveTiles(tiles, simd.layout, 4 * out, 4 * first * m, 4 * (rows * m + first * n), size, m, n);
    progress();
  }
  Atomics.store(control, PATH, 2);
}

// A bundler may rename the function, so its text is bound to a name of our own.
const driveTiles = ${addTransposedLeftProduct.toString()};

function transposedLeft(floats, { rows, m, n, chunk }) {
  Atomics.store(control, PATH, 1);
  // Each chunk is read straight from the shared buffer (the stock Slice would copy all of A).
  const bStart = rows * m;
  let sum = tf.zeros([m, n]);
  for (let start = 0; start < rows; start += chunk) {
    const size = Math.min(chunk, rows - start);
    const next = tf.tidy(() => {
      const a = tf.tensor2d(floats.subarray(start * m, (start + size) * m), [size, m]);
      const b = tf.tensor2d(floats.subarray(bStart + start * n, bStart + (start + size) * n), [size, n]);
      return tf.add(sum, tf.matMul(tf.transpose(a), b));
    });
    sum.dispose();
    sum = next;
    progress();
  }
  floats.set(tf.backend().typedArrayFromHeap(sum), rows * (m + n));
  sum.dispose();
}
`;
