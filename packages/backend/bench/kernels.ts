/**
 * Times each kernel fix against the stock kernel it replaces, side by side in one run, at the
 * sizes the SRNN experiments use (batch 32, 512 steps, 200-dimensional embeddings, a 30,000-word
 * vocabulary, GRU(150)-sized weights). Prints a table, then the same figures as JSON.
 *
 *   pnpm bench            (from packages/backend)
 */
import * as tf from '@tensorflow/tfjs';
import { getThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { KernelSwap } from '../src/kernel-swap';
import '../src/node';
import { productThreads, startProductWorkers } from '../src/kernels/parallel/product-workers';
import { MIN_SPLIT_FLOPS, setMinSplitFlops } from '../src/kernels/parallel/split-products';

interface Case {
  kernel: string;
  backend: 'wasm' | 'cpu';
  what: string;
  /** Runs the operation once; returns what it made, to be checked and freed. */
  run: () => tf.Tensor | tf.Tensor[];
  repeats: number;
}

interface Result {
  kernel: string;
  backend: string;
  what: string;
  /** The backend has no stock kernel of this name: the op fails without the fix. */
  stockMissing: boolean;
  /** Median CPU ms. */
  stockMs: number | null;
  fixedMs: number;
  /** Median wall ms. */
  stockWallMs: number | null;
  fixedWallMs: number;
  speedup: number | null;
  maxAbsDifference: number | null;
  repeats: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

function asList(result: tf.Tensor | tf.Tensor[]): tf.Tensor[] {
  return Array.isArray(result) ? result : [result];
}

/**
 * Median process CPU time (user + system) of `repeats` runs after one warm-up run, plus the median
 * wall time and the last run's values. CPU time, because other jobs share the machine's cores:
 * time spent waiting for a core does not count.
 */
function time(
  run: Case['run'],
  repeats: number,
): { ms: number; wallMs: number; values: Float32Array[] } {
  tf.dispose(run());
  const cpuTimes: number[] = [];
  const wallTimes: number[] = [];
  let values: Float32Array[] = [];
  for (let i = 0; i < repeats; i++) {
    const start = performance.now();
    const cpuStart = process.cpuUsage();
    const out = asList(run());
    const cpu = process.cpuUsage(cpuStart);
    wallTimes.push(performance.now() - start);
    cpuTimes.push((cpu.user + cpu.system) / 1000);
    if (i === repeats - 1)
      values = out.map((t) => Float32Array.from(t.dataSync() as ArrayLike<number>));
    tf.dispose(out);
  }
  return { ms: median(cpuTimes), wallMs: median(wallTimes), values };
}

function maxAbsDifference(a: Float32Array[], b: Float32Array[]): number {
  let worst = 0;
  a.forEach((values, i) => {
    const other = b[i] as Float32Array;
    for (let j = 0; j < values.length; j++) {
      worst = Math.max(worst, Math.abs((values[j] as number) - (other[j] as number)));
    }
  });
  return worst;
}

function randomIds(count: number, high: number): tf.Tensor1D {
  return tf.tensor1d(
    Array.from({ length: count }, () => Math.floor(Math.random() * high)),
    'int32',
  );
}

function gatherGradient(table: tf.Tensor, ids: tf.Tensor1D): () => tf.Tensor {
  return () => tf.grad((t: tf.Tensor) => tf.gather(t, ids).sum())(table);
}

async function main(): Promise<void> {
  await tf.setBackend('wasm');
  await tf.ready();
  // Captured before any fix is registered.
  const swaps = { wasm: new KernelSwap('wasm'), cpu: new KernelSwap('cpu') };
  const simd = (await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) === true;

  // Inputs live on the backend that uses them.
  const steps = tf.randomNormal([512, 32, 200]);
  const activations = tf.randomNormal([16384, 200]);
  const gradOut = tf.randomNormal([16384, 150]);
  const kernel = tf.randomNormal([200, 150]);
  const batchIn = tf.randomNormal([32, 512, 200]);
  const batchKernels = tf.randomNormal([32, 200, 150]);
  const batchGradOut = tf.randomNormal([32, 512, 150]);
  const vocabulary = tf.randomNormal([30000, 200]);
  const tokenIds = randomIds(32 * 512, 30000);
  const embeddingGrad = tf.randomNormal([16384, 200]);

  const cases: Case[] = [
    {
      kernel: 'Unpack',
      backend: 'wasm',
      what: 'tf.unstack of [512,32,200] along axis 0',
      run: () => tf.unstack(steps),
      repeats: 3,
    },
    {
      kernel: 'Slice',
      backend: 'wasm',
      what: 'one step [1,32,200] out of [512,32,200]',
      run: () => tf.slice(steps, [100, 0, 0], [1, 32, 200]),
      repeats: 21,
    },
    {
      kernel: 'BatchMatMul',
      backend: 'wasm',
      what: 'plain: [16384,200] x [200,150] (the input projection; stock: XNNPACK)',
      run: () => tf.matMul(activations, kernel),
      repeats: 9,
    },
    {
      kernel: 'BatchMatMul',
      backend: 'wasm',
      what: 'transposeA: [16384,200]^T x [16384,150] (dW of a dense layer)',
      run: () => tf.matMul(activations, gradOut, true, false),
      repeats: 5,
    },
    {
      kernel: 'BatchMatMul',
      backend: 'wasm',
      what: 'transposeB: [16384,150] x [200,150]^T (dx of a dense layer)',
      run: () => tf.matMul(gradOut, kernel, false, true),
      repeats: 5,
    },
    {
      kernel: 'BatchMatMul',
      backend: 'wasm',
      what: 'batched: [32,512,200] x [200,150]',
      run: () => tf.matMul(batchIn, kernel),
      repeats: 5,
    },
    {
      kernel: 'BatchMatMul',
      backend: 'wasm',
      what: 'batched: [32,512,200] x [32,200,150]',
      run: () => tf.matMul(batchIn, batchKernels),
      repeats: 5,
    },
    {
      kernel: 'BatchMatMul',
      backend: 'wasm',
      what: 'batched, transposeB: [32,512,150] x [32,200,150]^T',
      run: () => tf.matMul(batchGradOut, batchKernels, false, true),
      repeats: 5,
    },
    {
      kernel: 'BatchMatMul',
      backend: 'wasm',
      what: 'batched, transposeA: [32,512,200]^T x [32,512,150] (dW per sequence)',
      run: () => tf.matMul(batchIn, batchGradOut, true, false),
      repeats: 5,
    },
    {
      kernel: 'GatherV2',
      backend: 'wasm',
      what: 'embedding lookup: 16,384 ids into [30000,200]',
      run: () => tf.gather(vocabulary, tokenIds),
      repeats: 9,
    },
    {
      kernel: 'UnsortedSegmentSum',
      backend: 'wasm',
      what: 'the op itself: [16384,200] rows into [30000,200] (the embedding gradient)',
      run: () => tf.unsortedSegmentSum(embeddingGrad, tokenIds, 30000),
      repeats: 9,
    },
    {
      kernel: 'UnsortedSegmentSum',
      backend: 'wasm',
      what: 'gradient of tf.gather: 16,384 ids into [30000,200]',
      run: gatherGradient(vocabulary, tokenIds),
      repeats: 5,
    },
    {
      kernel: 'Sum',
      backend: 'wasm',
      what: 'axis 0 of [16384,150] (bias gradient of the input projection)',
      run: () => tf.sum(gradOut, 0),
      repeats: 9,
    },
    {
      kernel: 'Sum',
      backend: 'wasm',
      what: 'axes [0,1] of [32,512,150]',
      run: () => tf.sum(batchGradOut, [0, 1]),
      repeats: 9,
    },
  ];

  const results: Result[] = [];
  const measure = (c: Case) => {
    const swap = swaps[c.backend];
    swap.useStock();
    const stock = swap.hasStock(c.kernel) ? time(c.run, c.repeats) : null;
    swap.useFixes();
    const fixed = time(c.run, c.repeats);
    results.push({
      kernel: c.kernel,
      backend: c.backend,
      what: c.what,
      stockMissing: stock === null,
      stockMs: stock?.ms ?? null,
      fixedMs: fixed.ms,
      stockWallMs: stock?.wallMs ?? null,
      fixedWallMs: fixed.wallMs,
      speedup: stock === null ? null : stock.ms / fixed.ms,
      maxAbsDifference: stock === null ? null : maxAbsDifference(stock.values, fixed.values),
      repeats: c.repeats,
    });
  };
  for (const c of cases) measure(c);
  tf.dispose([
    steps,
    activations,
    gradOut,
    kernel,
    batchIn,
    batchKernels,
    batchGradOut,
    vocabulary,
    tokenIds,
    embeddingGrad,
  ]);

  // The stock cpu kernel makes one pass over all of x per segment (about 0.7 s per segment for
  // x of [16384,200]), so it is timed on a small problem and extrapolated to the full one.
  await tf.setBackend('cpu');
  const smallX = tf.randomNormal([2048, 200]);
  const smallIds = randomIds(2048, 20);
  measure({
    kernel: 'UnsortedSegmentSum',
    backend: 'cpu',
    what: 'the op itself: [2048,200] into 20 segments',
    run: () => tf.unsortedSegmentSum(smallX, smallIds, 20),
    repeats: 3,
  });
  const small = results[results.length - 1] as Result;
  const fullTable = tf.zeros([30000, 200]);
  const fullIds = randomIds(32 * 512, 30000);
  const full = time(gatherGradient(fullTable, fullIds), 3);
  // Stock cost is proportional to segments x elements of x.
  const scale = (30000 * 16384 * 200) / (20 * 2048 * 200);
  const stockEstimate = (small.stockMs ?? 0) * scale;
  results.push({
    kernel: 'UnsortedSegmentSum',
    backend: 'cpu',
    what: 'gradient of tf.gather: 16,384 ids into [30000,200] (stock extrapolated, not run)',
    stockMissing: false,
    stockMs: stockEstimate,
    fixedMs: full.ms,
    stockWallMs: null,
    fixedWallMs: full.wallMs,
    speedup: stockEstimate / full.ms,
    maxAbsDifference: null,
    repeats: 3,
  });
  tf.dispose([smallX, smallIds, fullTable, fullIds]);

  const fmt = (ms: number | null) =>
    ms === null
      ? 'n/a'
      : ms < 1
        ? ms.toFixed(3)
        : ms < 100000
          ? ms.toFixed(1)
          : ms.toExponential(2);
  console.log(
    `\nKernel fixes: median CPU ms, stock vs fixed (node ${process.version}, wasm ${simd ? 'SIMD' : 'no SIMD'}, ` +
      `${getThreadsCount()} thread(s))\n`,
  );
  console.log('| kernel | backend | case | stock ms | fixed ms | speed-up | max abs diff |');
  console.log('|---|---|---|---|---|---|---|');
  for (const r of results) {
    const speedup = r.speedup === null ? 'n/a' : `${r.speedup.toFixed(1)}x`;
    const diff = r.maxAbsDifference === null ? 'n/a' : r.maxAbsDifference.toExponential(1);
    const stock = r.stockMissing ? 'missing: op fails' : fmt(r.stockMs);
    console.log(
      `| ${r.kernel} | ${r.backend} | ${r.what} | ${stock} | ${fmt(r.fixedMs)} | ${speedup} | ${diff} |`,
    );
  }
  console.log('\nJSON:');
  console.log(
    JSON.stringify(
      { node: process.version, wasmSimd: simd, wasmThreads: getThreadsCount(), results },
      null,
      2,
    ),
  );
}

/**
 * The three large products of SRNN's first level (input projection and its two gradients) on one
 * thread and shared with the product workers, interleaved, median wall-clock ms (CPU time would
 * add up every thread's work).
 */
async function threadsTable(): Promise<void> {
  await tf.setBackend('wasm');
  const workers = await startProductWorkers();
  if (workers === 0) {
    console.log('\nProducts on worker threads: none (SRNN_THREADS=1, or one core here).');
    return;
  }
  const x = tf.randomNormal([16384, 200]);
  const w = tf.randomNormal([200, 150]);
  const dz = tf.randomNormal([16384, 150]);
  const cases: [string, () => tf.Tensor][] = [
    ['[16384,200] × [200,150] (input projection)', () => tf.matMul(x, w)],
    ['[16384,150] × [200,150]ᵀ (its input gradient)', () => tf.matMul(dz, w, false, true)],
    ['[16384,200]ᵀ × [16384,150] (its weight gradient)', () => tf.matMul(x, dz, true, false)],
  ];
  console.log(
    `\nLarge products: one thread against ${workers + 1} threads (${workers} product worker(s)), median wall ms of 9, interleaved\n`,
  );
  console.log('| product | 1 thread | threads | speed-up |');
  console.log('|---|---|---|---|');
  for (const [what, run] of cases) {
    const single: number[] = [];
    const shared: number[] = [];
    for (let i = 0; i < 10; i++) {
      for (const [times, minFlops] of [
        [single, Infinity],
        [shared, MIN_SPLIT_FLOPS],
      ] as const) {
        setMinSplitFlops(minFlops);
        const start = performance.now();
        const out = run();
        out.dataSync();
        // The first round warms up both ways.
        if (i > 0) times.push(performance.now() - start);
        out.dispose();
      }
    }
    const one = median(single);
    const many = median(shared);
    console.log(
      `| ${what} | ${one.toFixed(1)} | ${many.toFixed(1)} | ${(one / many).toFixed(2)}x |`,
    );
  }
  setMinSplitFlops(MIN_SPLIT_FLOPS);
  tf.dispose([x, w, dz]);
  console.log(`(threads: ${productThreads()}; set SRNN_THREADS to change)`);
}

main()
  .then(threadsTable)
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
