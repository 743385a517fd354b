// Median CPU ms on the wasm backend. First table: one forward + backward pass (tf.grads w.r.t.
// inputs and all three weights) of a GRU, the stock per-step tfjs loop (the cell's seam before the
// fused op) against the input projection as one matMul followed by the fused recurrence. Second
// table: the fused forward and backward kernels alone, on a given projection. Both on one thread
// (CPU time would count a worker's too). Third table: the per-step products of the recurrence,
// this package's packed SIMD tiles against tf.matMul (XNNPACK) on the same operands. Fourth
// table: wall ms of the kernels on one thread against two (sequences shared with a worker
// thread), taking turns.
import * as tf from '@tensorflow/tfjs';
import { selectBackend, setProductThreads, startProductWorkers } from '@srnn/backend';
import { type GatedCell, gatedRecurrence, gruCell, gruSequenceLastState } from '../src';
import { wasmInternals } from '@srnn/backend/internals';
import { compileCell } from '../src/cell-plan';
import { runBackwardKernel, runForwardKernel } from '../src/recurrence-kernels';
import { packPanels } from '@srnn/backend/products';
import { productSimdFor } from '../src/simd-runtime';
import { lstmGates } from '../../cell-lstm/src/lstm-gates';

interface Shape {
  name: string;
  sequences: number;
  steps: number;
  features: number;
  units: number;
  runs: number;
}

const SHAPES: Shape[] = [
  { name: 'GRU, T=512', sequences: 32, steps: 512, features: 200, units: 50, runs: 9 },
  { name: 'SRNN(8,2) level 0', sequences: 32 * 64, steps: 8, features: 200, units: 50, runs: 11 },
  {
    name: 'SRNN(8,2) level 0, 256 seq',
    sequences: 256,
    steps: 8,
    features: 200,
    units: 50,
    runs: 21,
  },
  { name: 'GRU, T=4096', sequences: 8, steps: 4096, features: 200, units: 50, runs: 3 },
  { name: 'GRU, T=4096, 4 seq', sequences: 4, steps: 4096, features: 200, units: 50, runs: 3 },
];

/** Timed rounds of the kernels alone, per shape. */
const KERNEL_RUNS = 15;

type Weights = [tf.Tensor3D, tf.Tensor2D, tf.Tensor2D, tf.Tensor1D];
type Recurrence = (
  inputs: tf.Tensor3D,
  kernel: tf.Tensor2D,
  recurrent: tf.Tensor2D,
  bias: tf.Tensor1D,
) => tf.Tensor2D;

/** The per-step loop of the GRU cell's seam (gruLastState), copied as the baseline. */
const stockLoop: Recurrence = (inputs, kernel, recurrentKernel, bias) =>
  tf.tidy(() => {
    const [sequences, steps, features] = inputs.shape;
    const units = recurrentKernel.shape[0];
    const timeMajor = tf.reshape(tf.transpose(inputs, [1, 0, 2]), [steps * sequences, features]);
    const [kernelZ, kernelR, kernelH] = tf.split(kernel, 3, 1);
    const [biasZ, biasR, biasH] = tf.split(bias, 3, 0);
    const [recurrentZ, recurrentR, recurrentH] = tf.split(recurrentKernel, 3, 1);
    const project = (k: tf.Tensor, b: tf.Tensor): tf.Tensor2D[] =>
      tf.unstack(
        tf.reshape(tf.add(tf.matMul(timeMajor, k), b), [steps, sequences, units]),
      ) as tf.Tensor2D[];
    const inputZ = project(kernelZ!, biasZ!);
    const inputR = project(kernelR!, biasR!);
    const inputH = project(kernelH!, biasH!);
    let state: tf.Tensor2D = tf.zeros([sequences, units]);
    for (let t = 0; t < steps; t += 1) {
      const z = tf.sigmoid(tf.add(inputZ[t]!, tf.matMul(state, recurrentZ!)));
      const r = tf.sigmoid(tf.add(inputR[t]!, tf.matMul(state, recurrentR!)));
      const candidate = tf.add(inputH[t]!, tf.matMul(tf.mul(r, state), recurrentH!));
      state = tf.add(candidate, tf.mul(z, tf.sub(state, candidate))) as tf.Tensor2D;
    }
    return state;
  });

/** One matMul for the input projection of all steps, then the fused recurrence. */
const fused: Recurrence = (inputs, kernel, recurrentKernel, bias) =>
  tf.tidy(() => {
    const [sequences, steps, features] = inputs.shape;
    const projection = tf.reshape(
      tf.add(tf.matMul(tf.reshape(inputs, [sequences * steps, features]), kernel), bias),
      [sequences, steps, kernel.shape[1]],
    ) as tf.Tensor3D;
    return gruSequenceLastState(projection, recurrentKernel);
  });

/** The input projection alone (its forward and backward): the floor under the fused variant. */
const projectionOnly: Recurrence = (inputs, kernel, recurrentKernel, bias) =>
  tf.tidy(() => {
    const [sequences, steps, features] = inputs.shape;
    const projection = tf.add(
      tf.matMul(tf.reshape(inputs, [sequences * steps, features]), kernel),
      bias,
    );
    const summed = tf.sum(tf.reshape(projection, [sequences, steps, kernel.shape[1]]), 1);
    // tf.grads wants every argument on the path; the recurrent kernel joins with weight zero.
    return tf.add(summed, tf.mul(tf.sum(recurrentKernel), 0)) as tf.Tensor2D;
  });

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** CPU ms (user + system, all threads) taken by `work`: other processes' load does not count. */
function cpuMs(work: () => void): number {
  const start = process.cpuUsage();
  work();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

/** CPU ms of one forward + backward pass, gradients read back. */
function timeOnce(recurrence: Recurrence, weights: Weights): number {
  const step = tf.grads((x, k, u, b) =>
    tf.sum(recurrence(x as tf.Tensor3D, k as tf.Tensor2D, u as tf.Tensor2D, b as tf.Tensor1D)),
  );
  let grads: tf.Tensor[] = [];
  const elapsed = cpuMs(() => {
    grads = step(weights);
    grads.forEach((g) => g.dataSync());
  });
  tf.dispose(grads);
  return elapsed;
}

/**
 * Median of each variant's timings. The variants take turns within each round, so a burst of
 * load from other processes on the machine hits all of them alike; round 0 is an untimed warm-up.
 */
function medianInTurns(variants: (() => number)[], runs: number): number[] {
  const times = variants.map(() => [] as number[]);
  for (let round = 0; round <= runs; round += 1) {
    variants.forEach((variant, i) => {
      const elapsed = variant();
      if (round > 0) times[i]!.push(elapsed);
    });
  }
  return times.map(median);
}

/** Median ms (`clock`) of the fused forward kernel and of the backward kernel, alone. */
function timeKernels(
  s: Shape,
  clock: (work: () => void) => number = cpuMs,
  cell: GatedCell = gruCell('linear', 'sigmoid'),
): [number, number] {
  compileCell(cell);
  const attrs = { cell: cell.key, timeMajor: false, reverse: false };
  const width = cell.inputBlocks * s.units;
  const projection = tf.randomUniform([s.sequences, s.steps, width], -1, 1, 'float32', 5);
  const kernel = tf.randomUniform(
    [s.units, cell.recurrentBlocks * s.units],
    -0.3,
    0.3,
    'float32',
    6,
  );
  const lastStateGradient = tf.randomUniform([s.sequences, s.units], -1, 1, 'float32', 7);
  const saved = runForwardKernel(projection as tf.Tensor3D, kernel as tf.Tensor2D, attrs);
  const inputs = {
    lastStateGradient: lastStateGradient as tf.Tensor2D,
    states: saved.states,
    saved: saved.saved,
    recurrentKernel: kernel as tf.Tensor2D,
  };
  const forward = (): number => {
    let out: tf.Tensor[] = [];
    const elapsed = clock(() => {
      const r = runForwardKernel(projection as tf.Tensor3D, kernel as tf.Tensor2D, attrs);
      out = [r.lastState, ...r.states, r.saved];
    });
    tf.dispose(out);
    return elapsed;
  };
  const backward = (): number => {
    let out: tf.Tensor[] = [];
    const elapsed = clock(() => {
      out = runBackwardKernel(inputs, attrs);
    });
    tf.dispose(out);
    return elapsed;
  };
  const times = medianInTurns([forward, backward], KERNEL_RUNS) as [number, number];
  tf.dispose([
    projection,
    kernel,
    lastStateGradient,
    saved.lastState,
    ...saved.states,
    saved.saved,
  ]);
  return times;
}

async function main(): Promise<void> {
  await selectBackend({ backend: 'wasm', log: () => undefined });
  setProductThreads(1);
  const only = process.argv[2];
  const shapes = SHAPES.filter((x) => only === undefined || x.name.includes(only));
  if (only === 'lstm') {
    console.log(JSON.stringify({ bench: 'gru-wasm', unit: 'CPU ms (median)', cells: timeCells() }));
    return;
  }
  const passes: Record<string, unknown>[] = [];
  console.log(
    '| shape | S | T | F | U | stock loop ms | fused ms | speed-up | projection alone ms |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const s of shapes) {
    const weights: Weights = [
      tf.randomUniform([s.sequences, s.steps, s.features], -1, 1, 'float32', 1),
      tf.randomUniform([s.features, 3 * s.units], -0.1, 0.1, 'float32', 2),
      tf.randomUniform([s.units, 3 * s.units], -0.3, 0.3, 'float32', 3),
      tf.randomUniform([3 * s.units], -0.1, 0.1, 'float32', 4),
    ];
    const variants = [stockLoop, fused, projectionOnly].map((v) => () => timeOnce(v, weights));
    const [stockMs, fusedMs, projectionMs] = medianInTurns(variants, s.runs) as [
      number,
      number,
      number,
    ];
    tf.dispose(weights);
    passes.push({
      shape: s.name,
      S: s.sequences,
      T: s.steps,
      F: s.features,
      U: s.units,
      stockMs,
      fusedMs,
      projectionMs,
    });
    console.log(
      `| ${s.name} | ${s.sequences} | ${s.steps} | ${s.features} | ${s.units} | ` +
        `${stockMs.toFixed(1)} | ${fusedMs.toFixed(1)} | ${(stockMs / fusedMs).toFixed(1)}x | ` +
        `${projectionMs.toFixed(1)} |`,
    );
  }
  const kernels: Record<string, unknown>[] = [];
  console.log('\n| shape | S | T | U | forward kernel ms | backward kernel ms |');
  console.log('|---|---|---|---|---|---|');
  for (const s of shapes) {
    const [forwardMs, backwardMs] = timeKernels(s);
    kernels.push({ shape: s.name, S: s.sequences, T: s.steps, U: s.units, forwardMs, backwardMs });
    console.log(
      `| ${s.name} | ${s.sequences} | ${s.steps} | ${s.units} | ` +
        `${forwardMs.toFixed(1)} | ${backwardMs.toFixed(1)} |`,
    );
  }
  const products = only === undefined ? timeStepProducts() : [];
  const cells = only === undefined || only === 'lstm' ? timeCells() : [];
  const shared = await timeSharing(only);
  console.log(
    JSON.stringify({
      bench: 'gru-wasm',
      unit: 'CPU ms (median)',
      passes,
      kernels,
      products,
      cells,
      shared,
    }),
  );
}

/** The recurrence's per-step products: [rows, inner] · [inner, cols]. */
const STEP_PRODUCTS = [
  { what: 'gates, forward', rows: 2048, inner: 50, cols: 100 },
  { what: 'candidate, forward and backward', rows: 2048, inner: 50, cols: 50 },
  { what: 'gates, backward', rows: 2048, inner: 100, cols: 50 },
  { what: 'gates, forward (GRU, 32 sequences)', rows: 32, inner: 50, cols: 100 },
];

/** Products per timing: one call of the small ones is too short for the clock. */
const PRODUCTS_PER_TIMING = 20;

/** Median CPU ms per product: the packed SIMD tiles against tf.matMul, taking turns. */
function timeStepProducts(): Record<string, unknown>[] {
  const backend = wasmInternals(tf.backend());
  const simd = productSimdFor(backend.wasm.asm?.memory);
  if (simd === null) return [];
  const address = (t: tf.Tensor): number => backend.dataIdMap.get(t.dataId)!.memoryOffset;
  const rows: Record<string, unknown>[] = [];
  console.log(
    '\n| product | [rows, inner] · [inner, cols] | packed tiles ms | tf.matMul ms | speed-up |',
  );
  console.log('|---|---|---|---|---|');
  for (const p of STEP_PRODUCTS) {
    const a = tf.randomUniform([p.rows, p.inner], -1, 1, 'float32', 8);
    const b = tf.randomUniform([p.inner, p.cols], -1, 1, 'float32', 9);
    const packed = new Float32Array(p.inner * p.cols);
    packPanels(packed, 0, b.dataSync() as Float32Array, 0, p.inner, p.cols);
    const packedB = tf.tensor(packed);
    const out = tf.zeros([p.rows, p.cols]);
    const tiles = (): number =>
      cpuMs(() => {
        for (let i = 0; i < PRODUCTS_PER_TIMING; i += 1) {
          simd.multiplyPacked(
            { at: address(out), stride: 4 * p.cols },
            { at: address(a), stride: 4 * p.inner },
            address(packedB),
            p.rows,
            p.inner,
            p.cols,
          );
        }
      }) / PRODUCTS_PER_TIMING;
    const stock = (): number =>
      cpuMs(() => {
        for (let i = 0; i < PRODUCTS_PER_TIMING; i += 1) tf.matMul(a, b).dispose();
      }) / PRODUCTS_PER_TIMING;
    const [tilesMs, stockMs] = medianInTurns([tiles, stock], 15) as [number, number];
    // The same sums in the same order: the results agree.
    const difference = tf.tidy(() => tf.max(tf.abs(tf.sub(tf.matMul(a, b), out))).dataSync()[0]);
    tf.dispose([a, b, packedB, out]);
    rows.push({ ...p, tilesMs, stockMs, maxAbsDifference: difference });
    console.log(
      `| ${p.what} | [${p.rows}, ${p.inner}] · [${p.inner}, ${p.cols}] | ${tilesMs.toFixed(3)} | ` +
        `${stockMs.toFixed(3)} | ${(stockMs / tilesMs).toFixed(2)}x |`,
    );
  }
  return rows;
}

/** The levels of SRNN(8,2) at batch 32 and T = 512: sequences, steps and input features. */
const SRNN_LEVELS = [
  { name: 'SRNN(8,2) level 0', sequences: 2048, steps: 8, features: 200 },
  { name: 'SRNN(8,2) level 1', sequences: 256, steps: 8, features: 50 },
  { name: 'SRNN(8,2) level 2', sequences: 32, steps: 8, features: 50 },
];

/** Rounds of the cell comparison. */
const CELL_RUNS = 15;

/**
 * Fifth table: the LSTM (tanh, sigmoid gates: its defaults) beside the GRU (linear, the paper's
 * and this project's default) on the levels of SRNN(8,2), 50 units: one forward + backward pass
 * (input projection and fused recurrence, gradients w.r.t. inputs and all weights) per level, the
 * two cells taking turns; then both kernels alone at level 0. The LSTM does 4/3 of the GRU's
 * arithmetic.
 */
function timeCells(): Record<string, unknown>[] {
  const units = 50;
  const cells: [string, GatedCell][] = [
    ['GRU', gruCell('linear', 'sigmoid')],
    ['LSTM', lstmGates('tanh', 'sigmoid')],
  ];
  const rows: Record<string, unknown>[] = [];
  console.log('\n| pass | S | T | F | GRU ms | LSTM ms | LSTM / GRU |');
  console.log('|---|---|---|---|---|---|---|');
  const totals = [0, 0];
  for (const level of SRNN_LEVELS) {
    const inputs = tf.randomUniform(
      [level.sequences, level.steps, level.features],
      -1,
      1,
      'float32',
      1,
    );
    const variants = cells.map(([, cell]) => {
      const width = cell.inputBlocks * units;
      const weights: Weights = [
        inputs as tf.Tensor3D,
        tf.randomUniform([level.features, width], -0.1, 0.1, 'float32', 2) as tf.Tensor2D,
        tf.randomUniform(
          [units, cell.recurrentBlocks * units],
          -0.3,
          0.3,
          'float32',
          3,
        ) as tf.Tensor2D,
        tf.randomUniform([width], -0.1, 0.1, 'float32', 4) as tf.Tensor1D,
      ];
      const recurrence: Recurrence = (x, kernel, recurrentKernel, bias) =>
        tf.tidy(() => {
          const [S, T, F] = x.shape;
          const projection = tf.reshape(
            tf.add(tf.matMul(tf.reshape(x, [S * T, F]), kernel), bias),
            [S, T, kernel.shape[1]],
          ) as tf.Tensor3D;
          return gatedRecurrence(cell, projection, recurrentKernel);
        });
      return { weights, run: () => timeOnce(recurrence, weights) };
    });
    const [gruMs, lstmMs] = medianInTurns(
      variants.map((v) => v.run),
      CELL_RUNS,
    ) as [number, number];
    totals[0] = totals[0]! + gruMs;
    totals[1] = totals[1]! + lstmMs;
    tf.dispose([inputs, ...variants.flatMap((v) => v.weights.slice(1))]);
    rows.push({ pass: level.name, ...level, gruMs, lstmMs, ratio: lstmMs / gruMs });
    console.log(
      `| ${level.name} | ${level.sequences} | ${level.steps} | ${level.features} | ${gruMs.toFixed(1)} | ` +
        `${lstmMs.toFixed(1)} | ${(lstmMs / gruMs).toFixed(2)}x |`,
    );
  }
  rows.push({
    pass: 'SRNN(8,2), all levels',
    gruMs: totals[0],
    lstmMs: totals[1],
    ratio: totals[1]! / totals[0]!,
  });
  console.log(
    `| SRNN(8,2), all levels | | | | ${totals[0]!.toFixed(1)} | ${totals[1]!.toFixed(1)} | ` +
      `${(totals[1]! / totals[0]!).toFixed(2)}x |`,
  );
  const level0 = { name: 'level 0', sequences: 2048, steps: 8, features: 200, units, runs: 0 };
  const [gruForward, gruBackward] = timeKernels(level0, cpuMs, cells[0]![1]);
  const [lstmForward, lstmBackward] = timeKernels(level0, cpuMs, cells[1]![1]);
  rows.push({ pass: 'kernels alone, level 0', gruForward, gruBackward, lstmForward, lstmBackward });
  console.log(
    `| level 0 forward kernel alone | 2048 | 8 | | ${gruForward.toFixed(1)} | ${lstmForward.toFixed(1)} | ` +
      `${(lstmForward / gruForward).toFixed(2)}x |`,
  );
  console.log(
    `| level 0 backward kernel alone | 2048 | 8 | | ${gruBackward.toFixed(1)} | ${lstmBackward.toFixed(1)} | ` +
      `${(lstmBackward / gruBackward).toFixed(2)}x |`,
  );
  return rows;
}

/** Wall ms of `work`. */
function wallMs(work: () => void): number {
  const start = performance.now();
  work();
  return performance.now() - start;
}

/** SRNN(8,2) level-0 sizes: batch 16, 32 and 100 (x 64 minimal subsequences of 8 steps). */
const SHARED_SEQUENCES = [1024, 2048, 6400];

/** The kernels on one thread against two, rounds alternating between them. */
async function timeSharing(only: string | undefined): Promise<Record<string, unknown>[]> {
  if (only !== undefined) return [];
  const rows: Record<string, unknown>[] = [];
  console.log('\n| S | T | U | threads | forward kernel wall ms | backward kernel wall ms |');
  console.log('|---|---|---|---|---|---|');
  for (const sequences of SHARED_SEQUENCES) {
    const shape = { name: 'level 0', sequences, steps: 8, features: 200, units: 50, runs: 0 };
    const times = new Map<number, [number[], number[]]>([
      [1, [[], []]],
      [2, [[], []]],
    ]);
    for (let round = 0; round < 3; round += 1) {
      for (const [threads, [forward, backward]] of times) {
        setProductThreads(threads);
        await startProductWorkers();
        const [f, b] = timeKernels(shape, wallMs);
        forward.push(f);
        backward.push(b);
      }
    }
    for (const [threads, [forward, backward]] of times) {
      const row = {
        S: sequences,
        T: 8,
        U: 50,
        threads,
        forwardMs: median(forward),
        backwardMs: median(backward),
      };
      rows.push(row);
      console.log(
        `| ${sequences} | 8 | 50 | ${threads} | ${row.forwardMs.toFixed(1)} | ${row.backwardMs.toFixed(1)} |`,
      );
    }
  }
  setProductThreads(1);
  return rows;
}

void main();
