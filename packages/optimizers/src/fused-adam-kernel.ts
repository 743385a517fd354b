import * as tf from '@tensorflow/tfjs';
import type { KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs';
import type { AdamStepCoefficients } from './adam-coefficients';
import { adamUpdateDense, adamUpdateLazy, type AdamArrays } from './adam-update-loop';
import { adamUpdateDenseViaSimd, adamUpdateTail, runSimdAdam, simdAdamFor } from './adam-simd';
import { cpuInternals, heapMemory, heapOffset, wasmInternals } from '@srnn/backend/internals';
import { cpuAdamOutputs, wasmAdamOutputs } from './adam-outputs';

/** The name the fused Adam kernel is registered under. */
export const FUSED_ADAM_KERNEL = 'SrnnFusedAdam';

/** The backends that get the fused kernel; any other backend uses the same math in tfjs ops. */
export const FUSED_ADAM_BACKENDS = ['cpu', 'wasm'] as const;

/** Attributes of the kernel: the step's float32 coefficients and the lazy switch. */
export type FusedAdamAttrs = AdamStepCoefficients & { lazy: boolean };

interface KernelInputs {
  value: TensorInfo;
  gradient: TensorInfo;
  firstMoment: TensorInfo;
  secondMoment: TensorInfo;
}

const INPUT_NAMES = ['value', 'gradient', 'firstMoment', 'secondMoment'] as const;

/** Checks that the four inputs are float32 tensors of one shape; names the first that is not. */
function checkInputs(inputs: Record<string, TensorInfo | undefined>): KernelInputs {
  const value = inputs['value'];
  if (value === undefined) throw new Error(`${FUSED_ADAM_KERNEL}: missing input 'value'`);
  for (const name of INPUT_NAMES) {
    const input = inputs[name];
    if (input === undefined) throw new Error(`${FUSED_ADAM_KERNEL}: missing input '${name}'`);
    if (input.dtype !== 'float32') {
      throw new Error(
        `${FUSED_ADAM_KERNEL}: input '${name}' has dtype ${input.dtype}; only float32 is supported`,
      );
    }
    if (!tf.util.arraysEqual(input.shape, value.shape)) {
      throw new Error(
        `${FUSED_ADAM_KERNEL}: input '${name}' has shape [${input.shape.join(',')}], ` +
          `expected the value's shape [${value.shape.join(',')}]`,
      );
    }
  }
  return inputs as unknown as KernelInputs;
}

/** Elements in one row (a slice along the first axis); a scalar is one row of one element. */
function rowSize(shape: number[]): number {
  return shape.length === 0 ? 1 : tf.util.sizeFromShape(shape.slice(1));
}

/** Lazy rows only make sense for a matrix-like variable; vectors and scalars update densely. */
function isLazy(attrs: FusedAdamAttrs, shape: number[]): boolean {
  return attrs.lazy && shape.length >= 2;
}

/** The kernel for the cpu backend: reads the backend's own Float32Arrays, writes three new ones. */
const cpuKernel: KernelFunc = ({ inputs, backend, attrs }) => {
  const cpu = cpuInternals(backend);
  const ins = checkInputs(inputs as Record<string, TensorInfo | undefined>);
  const read = (name: keyof KernelInputs): Float32Array => {
    const values = cpu.data.get(ins[name].dataId).values;
    if (!(values instanceof Float32Array)) {
      throw new Error(`${FUSED_ADAM_KERNEL}: input '${name}' holds no float32 values on cpu`);
    }
    return values;
  };
  const { shape } = ins.value;
  const size = tf.util.sizeFromShape(shape);
  const arrays: AdamArrays = {
    value: read('value'),
    gradient: read('gradient'),
    firstMoment: read('firstMoment'),
    secondMoment: read('secondMoment'),
    newValue: new Float32Array(size),
    newFirstMoment: new Float32Array(size),
    newSecondMoment: new Float32Array(size),
  };
  const a = attrs as unknown as FusedAdamAttrs;
  if (isLazy(a, shape)) adamUpdateLazy(a, arrays, rowSize(shape));
  else adamUpdateDenseViaSimd(a, arrays);
  return cpuAdamOutputs(cpu, shape, [
    arrays.newValue,
    arrays.newFirstMoment,
    arrays.newSecondMoment,
  ]);
};

/**
 * The kernel for the wasm backend: works on the wasm heap, no copies in or out. The dense update
 * runs a SIMD WebAssembly loop that imports the backend's own memory. Where the value and both
 * moments are held by their variables alone (as in a training step), it writes over them: new
 * tensors on the same memory (takeOverHeapData), so each line is written back while it is in
 * cache, and no fresh buffers are needed (the update is memory-bound). Otherwise (a clone or
 * snapshot shares one) three new tensors.
 */
const wasmKernel: KernelFunc = ({ inputs, backend, attrs }) => {
  const wasm = wasmInternals(backend);
  const ins = checkInputs(inputs as Record<string, TensorInfo | undefined>);
  const { shape } = ins.value;
  // The inputs' places before a take-over moves the old tensors off them.
  const places = [ins.value, ins.gradient, ins.firstMoment, ins.secondMoment].map((info) =>
    heapOffset(wasm, info),
  ) as [number, number, number, number];
  // Never over a gradient that shares data with what is written.
  const { outputs, inputs: old } = wasmAdamOutputs(
    wasm,
    [ins.value, ins.firstMoment, ins.secondMoment],
    ins.gradient,
  );
  const view = (info: TensorInfo): Float32Array => wasm.typedArrayFromHeap(info) as Float32Array;
  const arrays: AdamArrays = {
    value: view(old[0]),
    gradient: view(ins.gradient),
    firstMoment: view(old[1]),
    secondMoment: view(old[2]),
    newValue: view(outputs[0]),
    newFirstMoment: view(outputs[1]),
    newSecondMoment: view(outputs[2]),
  };
  const a = attrs as unknown as FusedAdamAttrs;
  if (isLazy(a, shape)) {
    adamUpdateLazy(a, arrays, rowSize(shape));
    return outputs;
  }
  const memory = heapMemory(wasm);
  const simd = memory === null ? null : simdAdamFor(memory);
  if (simd === null) {
    adamUpdateDense(a, arrays);
    return outputs;
  }
  const offset = (info: TensorInfo): number => heapOffset(wasm, info);
  const size = arrays.value.length;
  const simdLength = size - (size % 4);
  const offsets = {
    value: places[0],
    gradient: places[1],
    firstMoment: places[2],
    secondMoment: places[3],
    newValue: offset(outputs[0]),
    newFirstMoment: offset(outputs[1]),
    newSecondMoment: offset(outputs[2]),
  };
  runSimdAdam(simd.adam, offsets, simdLength, a);
  adamUpdateTail(a, arrays, simdLength);
  return outputs;
};

const KERNELS: Record<(typeof FUSED_ADAM_BACKENDS)[number], KernelFunc> = {
  cpu: cpuKernel,
  wasm: wasmKernel,
};

/**
 * Registers the fused Adam kernel for the cpu and wasm backends (idempotent). A backend need not be
 * loaded yet: the registration waits in tfjs's kernel registry.
 */
export function registerFusedAdamKernels(): void {
  for (const backendName of FUSED_ADAM_BACKENDS) {
    if (tf.getKernel(FUSED_ADAM_KERNEL, backendName) !== undefined) continue;
    tf.registerKernel({
      kernelName: FUSED_ADAM_KERNEL,
      backendName,
      kernelFunc: KERNELS[backendName],
    });
  }
}

/** Whether the fused kernel is registered for the backend now active. */
export function fusedKernelAvailable(): boolean {
  return tf.getKernel(FUSED_ADAM_KERNEL, tf.getBackend()) !== undefined;
}

/** The tensors of one variable's Adam step. */
export interface AdamStepTensors {
  value: tf.Tensor;
  gradient: tf.Tensor;
  firstMoment: tf.Tensor;
  secondMoment: tf.Tensor;
}

/** The new value, first moment and second moment. */
export type AdamStepResult = [tf.Tensor, tf.Tensor, tf.Tensor];

/** Runs the fused kernel on the active backend (which must have it registered). */
export function adamStepWithKernel(t: AdamStepTensors, attrs: FusedAdamAttrs): AdamStepResult {
  const { value, gradient, firstMoment, secondMoment } = t;
  return tf
    .engine()
    .runKernel<tf.Tensor[]>(
      FUSED_ADAM_KERNEL,
      { value, gradient, firstMoment, secondMoment },
      attrs as unknown as NamedAttrMap,
    ) as AdamStepResult;
}
