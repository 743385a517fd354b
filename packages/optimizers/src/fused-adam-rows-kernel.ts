// The fused Adam step for a gradient given as rows (see @srnn/row-gradients): every element of the
// variable is updated, as with the dense gradient made of the rows, but that gradient is never
// made: rows left out are updated with a zero gradient, given rows with theirs.
import * as tf from '@tensorflow/tfjs';
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { cpuInternals, heapMemory, heapOffset, wasmInternals } from '@srnn/backend/internals';
import { cpuAdamOutputs, wasmAdamOutputs } from './adam-outputs';
import type { AdamStepCoefficients } from './adam-coefficients';
import { type AdamExport, adamUpdateDenseViaSimd, runSimdAdam, simdAdamFor } from './adam-simd';
import { adamUpdateDense, type AdamArrays } from './adam-update-loop';

/** The name the kernel is registered under. */
export const FUSED_ADAM_ROWS_KERNEL = 'SrnnFusedAdamRows';

/** Attributes: the step's float32 coefficients and the rows the gradient is given for. */
export type FusedAdamRowsAttrs = AdamStepCoefficients & { ids: Int32Array };

interface RowsInputs {
  value: TensorInfo;
  firstMoment: TensorInfo;
  secondMoment: TensorInfo;
  rowValues: TensorInfo;
}

/** Elements in one row of a variable of `shape` (a scalar or vector: one element a row). */
function rowWidth(shape: number[]): number {
  return shape.length <= 1 ? 1 : tf.util.sizeFromShape(shape.slice(1));
}

/**
 * Checks the inputs and the ids: float32 tensors, the moments of the value's shape, `rowValues`
 * `[ids.length, row width]`, every id a row of the value and none twice. Names the first problem.
 */
function checkRowsInputs(
  inputs: Record<string, TensorInfo | undefined>,
  ids: Int32Array,
): RowsInputs & { rows: number; width: number } {
  const names = ['value', 'firstMoment', 'secondMoment', 'rowValues'] as const;
  for (const name of names) {
    const input = inputs[name];
    if (input === undefined) throw new Error(`${FUSED_ADAM_ROWS_KERNEL}: missing input '${name}'`);
    if (input.dtype !== 'float32') {
      throw new Error(
        `${FUSED_ADAM_ROWS_KERNEL}: input '${name}' has dtype ${input.dtype}; only float32 is supported`,
      );
    }
  }
  const ins = inputs as unknown as RowsInputs;
  const { shape } = ins.value;
  for (const name of ['firstMoment', 'secondMoment'] as const) {
    if (!tf.util.arraysEqual(ins[name].shape, shape)) {
      throw new Error(
        `${FUSED_ADAM_ROWS_KERNEL}: input '${name}' has shape [${ins[name].shape.join(',')}], expected the value's shape [${shape.join(',')}]`,
      );
    }
  }
  const rows = shape.length === 0 ? 1 : shape[0]!;
  const width = rowWidth(shape);
  if (!tf.util.arraysEqual(ins.rowValues.shape, [ids.length, width])) {
    throw new Error(
      `${FUSED_ADAM_ROWS_KERNEL}: rowValues has shape [${ins.rowValues.shape.join(',')}], expected [${ids.length},${width}] (one row of ${width} for each of the ${ids.length} ids)`,
    );
  }
  const seen = new Uint8Array(rows);
  ids.forEach((id, i) => {
    if (!(id >= 0 && id < rows)) {
      throw new RangeError(
        `${FUSED_ADAM_ROWS_KERNEL}: id ${id} at position ${i} is not a row; ids must be in [0, ${rows})`,
      );
    }
    if (seen[id] === 1) {
      throw new Error(
        `${FUSED_ADAM_ROWS_KERNEL}: id ${id} is given twice (again at position ${i}); ids must be distinct`,
      );
    }
    seen[id] = 1;
  });
  return { ...ins, rows, width };
}

/** The dense gradient of the rows, as a scatter into zeros makes it (`0 + value`: no -0). */
function densify(
  ids: Int32Array,
  rowValues: Float32Array,
  size: number,
  width: number,
): Float32Array {
  const dense = new Float32Array(size);
  ids.forEach((id, i) => {
    for (let j = 0; j < width; j += 1) dense[id * width + j] = 0 + rowValues[i * width + j]!;
  });
  return dense;
}

/** The cpu backend: the dense update over the densified gradient (the cpu backend is the slow one anyway). */
const cpuRowsKernel: KernelFunc = ({ inputs, backend, attrs }) => {
  const cpu = cpuInternals(backend);
  const a = attrs as unknown as FusedAdamRowsAttrs;
  const ins = checkRowsInputs(inputs as Record<string, TensorInfo | undefined>, a.ids);
  const read = (info: TensorInfo): Float32Array => cpu.data.get(info.dataId).values as Float32Array;
  const size = tf.util.sizeFromShape(ins.value.shape);
  const arrays: AdamArrays = {
    value: read(ins.value),
    gradient: densify(a.ids, read(ins.rowValues), size, ins.width),
    firstMoment: read(ins.firstMoment),
    secondMoment: read(ins.secondMoment),
    newValue: new Float32Array(size),
    newFirstMoment: new Float32Array(size),
    newSecondMoment: new Float32Array(size),
  };
  adamUpdateDenseViaSimd(a, arrays);
  return cpuAdamOutputs(cpu, ins.value.shape, [
    arrays.newValue,
    arrays.newFirstMoment,
    arrays.newSecondMoment,
  ]);
};

/**
 * The wasm backend: in place where the value and moments are held by their variables alone (as
 * the dense kernel), the rows in increasing order, the SIMD update with a zero gradient over each
 * run of rows between given ones and with the row's gradient over each given row. A run's last
 * few elements (when a row is not a multiple of 4 floats) go through the JavaScript loop.
 */
const wasmRowsKernel: KernelFunc = ({ inputs, backend, attrs }) => {
  const wasm = wasmInternals(backend);
  const a = attrs as unknown as FusedAdamRowsAttrs;
  const { ids } = a;
  const ins = checkRowsInputs(inputs as Record<string, TensorInfo | undefined>, ids);
  const { shape } = ins.value;
  const size = tf.util.sizeFromShape(shape);
  const places = [ins.value, ins.firstMoment, ins.secondMoment, ins.rowValues].map((info) =>
    heapOffset(wasm, info),
  ) as [number, number, number, number];
  const { outputs, inputs: old } = wasmAdamOutputs(
    wasm,
    [ins.value, ins.firstMoment, ins.secondMoment],
    ins.rowValues,
  );
  const memory = heapMemory(wasm);
  const simd = memory === null ? null : simdAdamFor(memory);
  // Whole rows of whole vectors: one call runs every row (adamRows); else a call per run of rows.
  const oneCall = simd !== null && ins.width % 4 === 0 && ids.length > 0;
  // The (row, gradient) pairs in the heap, allocated before any view is taken (it may grow).
  const pairsAt = oneCall ? wasm.wasm._malloc(8 * ids.length) >>> 0 : 0;
  if (oneCall && pairsAt === 0) throw new Error(`${FUSED_ADAM_ROWS_KERNEL}: out of wasm memory`);
  // Views after the allocations (a growing heap detaches earlier ones).
  const view = (info: TensorInfo): Float32Array => wasm.typedArrayFromHeap(info) as Float32Array;
  const arrays = {
    value: view(old[0]),
    firstMoment: view(old[1]),
    secondMoment: view(old[2]),
    newValue: view(outputs[0]),
    newFirstMoment: view(outputs[1]),
    newSecondMoment: view(outputs[2]),
  };
  const rowValues = view(ins.rowValues);
  if (simd === null) {
    adamUpdateDense(a, { ...arrays, gradient: densify(ids, rowValues, size, ins.width) });
    return outputs;
  }
  const out = outputs.map((info) => heapOffset(wasm, info)) as [number, number, number];
  const width = ins.width;
  // Elements [from, to) with `fn`; the gradient (if any) at byte `gradientAt`, as `gradient` for the tail.
  const update = (
    fn: AdamExport,
    from: number,
    to: number,
    gradientAt: number,
    gradient: (i: number) => number,
  ): void => {
    const simdCount = (to - from) & ~3;
    if (simdCount > 0) {
      runSimdAdam(
        fn,
        {
          value: places[0] + 4 * from,
          gradient: gradientAt,
          firstMoment: places[1] + 4 * from,
          secondMoment: places[2] + 4 * from,
          newValue: out[0] + 4 * from,
          newFirstMoment: out[1] + 4 * from,
          newSecondMoment: out[2] + 4 * from,
        },
        simdCount,
        a,
      );
    }
    const tailFrom = from + simdCount;
    if (tailFrom === to) return;
    const part = (x: Float32Array): Float32Array => x.subarray(tailFrom, to);
    adamUpdateDense(a, {
      value: part(arrays.value),
      gradient: Float32Array.from({ length: to - tailFrom }, (_, k) => 0 + gradient(simdCount + k)),
      firstMoment: part(arrays.firstMoment),
      secondMoment: part(arrays.secondMoment),
      newValue: part(arrays.newValue),
      newFirstMoment: part(arrays.newFirstMoment),
      newSecondMoment: part(arrays.newSecondMoment),
    });
  };
  // The slots in increasing order of their ids (a typed sort, then each id's slot: ids are distinct).
  const slotOf = new Int32Array(ins.rows);
  ids.forEach((id, slot) => (slotOf[id] = slot));
  const order = Int32Array.from(ids)
    .sort()
    .map((id) => slotOf[id]!);
  if (oneCall) {
    const pairs = new Int32Array(memory!.buffer, pairsAt, 2 * ids.length);
    order.forEach((slot, k) => {
      pairs[2 * k] = 4 * ids[slot]! * width;
      pairs[2 * k + 1] = 4 * slot * width;
    });
    try {
      simd.adamRows(
        places[0],
        places[3],
        places[1],
        places[2],
        out[0],
        out[1],
        out[2],
        pairsAt,
        ids.length,
        size,
        width,
        a.beta1,
        a.beta2,
        a.oneMinusBeta1,
        a.oneMinusBeta2,
        a.oneMinusAccBeta1,
        a.oneMinusAccBeta2,
        a.epsilon,
        a.negLearningRate,
      );
    } finally {
      wasm.wasm._free(pairsAt);
    }
    return outputs;
  }
  let next = 0; // the first element not yet updated
  for (const slot of order) {
    const start = ids[slot]! * width;
    if (start > next) update(simd.adamWithoutGradient, next, start, 0, () => 0);
    const rowAt = slot * width;
    update(simd.adam, start, start + width, places[3] + 4 * rowAt, (k) => rowValues[rowAt + k]!);
    next = start + width;
  }
  if (next < size) update(simd.adamWithoutGradient, next, size, 0, () => 0);
  return outputs;
};

/** Registers the kernel for the cpu and wasm backends (idempotent). */
export function registerFusedAdamRowsKernels(): void {
  const kernels: [string, KernelFunc][] = [
    ['cpu', cpuRowsKernel],
    ['wasm', wasmRowsKernel],
  ];
  for (const [backendName, kernelFunc] of kernels) {
    if (tf.getKernel(FUSED_ADAM_ROWS_KERNEL, backendName) !== undefined) continue;
    tf.registerKernel({ kernelName: FUSED_ADAM_ROWS_KERNEL, backendName, kernelFunc });
  }
}

/** The tensors of one variable's Adam step with a gradient given as rows. */
export interface AdamRowsStepTensors {
  value: tf.Tensor;
  firstMoment: tf.Tensor;
  secondMoment: tf.Tensor;
  rowValues: tf.Tensor2D;
}

/** Runs the kernel on the active backend (which must have it registered): new value, m and v. */
export function adamRowsStepWithKernel(
  t: AdamRowsStepTensors,
  attrs: FusedAdamRowsAttrs,
): [tf.Tensor, tf.Tensor, tf.Tensor] {
  return tf
    .engine()
    .runKernel(
      FUSED_ADAM_ROWS_KERNEL,
      { ...t } as unknown as tf.NamedTensorMap,
      attrs as unknown as tf.NamedAttrMap,
    ) as [tf.Tensor, tf.Tensor, tf.Tensor];
}
