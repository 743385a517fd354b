import {
  exportedFunction,
  instancePerMemory,
  type WasmMemory,
  webAssembly,
} from '@srnn/wasm-assembler';
import type { AdamStepCoefficients } from './adam-coefficients';
import { adamUpdateDense, type AdamArrays } from './adam-update-loop';
import { adamSimdModuleBytes } from './adam-simd-module';

/** Byte offsets of the seven arrays of one update in a WebAssembly memory. */
export interface HeapOffsets {
  value: number;
  gradient: number;
  firstMoment: number;
  secondMoment: number;
  newValue: number;
  newFirstMoment: number;
  newSecondMoment: number;
}

/** One of the module's functions (see adam-simd-module.ts for the parameters). */
export type AdamExport = (...args: number[]) => void;

/** The module's functions: the update with a gradient, with a zero one, and with rows of one. */
export interface SimdAdam {
  adam: AdamExport;
  adamWithoutGradient: AdamExport;
  adamRows: AdamExport;
}

/** The functions by memory. Plain memories only: on a shared one the fused kernel keeps to JavaScript. */
const adamOn = instancePerMemory(
  (shared) => (shared ? null : adamSimdModuleBytes()),
  (exports): SimdAdam => ({
    adam: exportedFunction<AdamExport>(exports, 'adam'),
    adamWithoutGradient: exportedFunction<AdamExport>(exports, 'adamWithoutGradient'),
    adamRows: exportedFunction<AdamExport>(exports, 'adamRows'),
  }),
);

/**
 * The SIMD functions working in `memory`, or null if they cannot be had (no SIMD, or a memory
 * the module cannot import, such as a shared one). One instance per memory.
 */
export function simdAdamFor(memory: WasmMemory): SimdAdam | null {
  return adamOn(memory);
}

/** Runs the SIMD update over the first `count` elements (a multiple of 4) at `offsets`. */
export function runSimdAdam(
  fn: AdamExport,
  o: HeapOffsets,
  count: number,
  c: AdamStepCoefficients,
): void {
  fn(
    o.value,
    o.gradient,
    o.firstMoment,
    o.secondMoment,
    o.newValue,
    o.newFirstMoment,
    o.newSecondMoment,
    count,
    c.beta1,
    c.beta2,
    c.oneMinusBeta1,
    c.oneMinusBeta2,
    c.oneMinusAccBeta1,
    c.oneMinusAccBeta2,
    c.epsilon,
    c.negLearningRate,
  );
}

/** Elements per chunk when the arrays live outside WebAssembly memory: 7 x 64 KiB stays in cache. */
const CHUNK = 16384;
const CHUNK_BYTES = CHUNK * 4;
let scratch: { memory: WasmMemory; fn: AdamExport; views: Float32Array[] } | null | undefined;

function scratchSpace(): typeof scratch {
  if (scratch === undefined) {
    if (webAssembly === undefined) return (scratch = null);
    const memory = new webAssembly.Memory({ initial: Math.ceil((7 * CHUNK_BYTES) / 65536) });
    const fn = simdAdamFor(memory)?.adam;
    scratch = fn
      ? {
          memory,
          fn,
          views: Array.from(
            { length: 7 },
            (_, k) => new Float32Array(memory.buffer, k * CHUNK_BYTES, CHUNK),
          ),
        }
      : null;
  }
  return scratch;
}

/**
 * The dense update for arrays in JavaScript memory (the cpu backend): chunk by chunk, copy the four
 * inputs into a small WebAssembly memory, run the SIMD loop there, copy the three results out.
 * Falls back to the JavaScript loop where SIMD is missing. Same bits either way.
 */
export function adamUpdateDenseViaSimd(c: AdamStepCoefficients, a: AdamArrays): void {
  const space = scratchSpace();
  const length = a.value.length;
  const simdLength = length - (length % 4);
  if (!space || simdLength === 0) {
    adamUpdateDense(c, a);
    return;
  }
  const [value, gradient, m, v, newValue, newM, newV] = space.views as [
    Float32Array,
    Float32Array,
    Float32Array,
    Float32Array,
    Float32Array,
    Float32Array,
    Float32Array,
  ];
  const offsets: HeapOffsets = {
    value: 0,
    gradient: CHUNK_BYTES,
    firstMoment: 2 * CHUNK_BYTES,
    secondMoment: 3 * CHUNK_BYTES,
    newValue: 4 * CHUNK_BYTES,
    newFirstMoment: 5 * CHUNK_BYTES,
    newSecondMoment: 6 * CHUNK_BYTES,
  };
  for (let start = 0; start < simdLength; start += CHUNK) {
    const end = Math.min(start + CHUNK, simdLength);
    const n = end - start;
    value.set(a.value.subarray(start, end));
    gradient.set(a.gradient.subarray(start, end));
    m.set(a.firstMoment.subarray(start, end));
    v.set(a.secondMoment.subarray(start, end));
    runSimdAdam(space.fn, offsets, n, c);
    a.newValue.set(newValue.subarray(0, n), start);
    a.newFirstMoment.set(newM.subarray(0, n), start);
    a.newSecondMoment.set(newV.subarray(0, n), start);
  }
  adamUpdateTail(c, a, simdLength);
}

/** The JavaScript loop over elements `from..end` (the few left after the SIMD part). */
export function adamUpdateTail(c: AdamStepCoefficients, a: AdamArrays, from: number): void {
  if (from >= a.value.length) return;
  const tail = (x: Float32Array): Float32Array => x.subarray(from);
  adamUpdateDense(c, {
    value: tail(a.value),
    gradient: tail(a.gradient),
    firstMoment: tail(a.firstMoment),
    secondMoment: tail(a.secondMoment),
    newValue: tail(a.newValue),
    newFirstMoment: tail(a.newFirstMoment),
    newSecondMoment: tail(a.newSecondMoment),
  });
}
