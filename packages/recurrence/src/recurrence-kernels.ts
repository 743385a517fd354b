// The fused recurrence as two tfjs kernels for any compiled cell (the cell's key is an attribute):
// forward [last state, every state of each part, saved values] and backward [projection gradient,
// recurrent kernel gradient], on cpu (plain loops) and wasm (SIMD, shared with worker threads).
import * as tf from '@tensorflow/tfjs';
import type { KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs';
import {
  type CpuBackendInternals,
  cpuInternals,
  type WasmBackendInternals,
  wasmInternals,
} from '@srnn/backend/internals';
import { compiledCell } from './cell-plan';
import { cpuBackward, cpuForward } from './cpu-recurrence';
import type { RecurrenceDimensions, RecurrenceKernelAttrs } from './recurrence-dimensions';
import { sharedBackward, sharedForward } from './sequence-shares';
import { wasmSimd } from './wasm-recurrence';

/** Kernel names in tfjs's registry. */
export const RECURRENCE_FORWARD_KERNEL = 'SrnnRecurrence';
export const RECURRENCE_BACKWARD_KERNEL = 'SrnnRecurrenceGrad';

/** Backends with fused kernels; others run the same math as tfjs ops. */
export const FUSED_BACKENDS = ['cpu', 'wasm'] as const;

function input(inputs: Record<string, TensorInfo | undefined>, name: string): TensorInfo {
  const info = inputs[name];
  if (info === undefined) throw new Error(`${RECURRENCE_FORWARD_KERNEL}: missing input '${name}'`);
  return info;
}

function dimensions(
  projectionShape: number[],
  a: RecurrenceKernelAttrs,
  units: number,
): RecurrenceDimensions {
  const [first, second] = projectionShape as [number, number];
  const [steps, sequences] = a.timeMajor ? [first, second] : [second, first];
  return { steps, sequences, units, timeMajor: a.timeMajor, reverse: a.reverse };
}

function cpuValues(backend: CpuBackendInternals, info: TensorInfo, name: string): Float32Array {
  const values = backend.data.get(info.dataId).values;
  if (!(values instanceof Float32Array)) {
    throw new Error(`${RECURRENCE_FORWARD_KERNEL}: input '${name}' holds no float32 values on cpu`);
  }
  return values;
}

/** The per-part state inputs of the backward kernel: state0, state1, ... */
const stateInputs = (inputs: Record<string, TensorInfo | undefined>, parts: number) =>
  Array.from({ length: parts }, (_, part) => input(inputs, `state${part}`));

const cpuForwardKernel: KernelFunc = ({ inputs, backend, attrs }) => {
  const cpu = cpuInternals(backend);
  const a = attrs as unknown as RecurrenceKernelAttrs;
  const { cell, plan } = compiledCell(a.cell);
  const projection = input(inputs, 'projection');
  const kernel = input(inputs, 'recurrentKernel');
  const d = dimensions(projection.shape, a, kernel.shape[0]!);
  const { steps: T, sequences: S, units: U } = d;
  const arrays = {
    projection: cpuValues(cpu, projection, 'projection'),
    kernel: cpuValues(cpu, kernel, 'recurrentKernel'),
    states: Array.from({ length: plan.parts }, () => new Float32Array(T * S * U)),
    saved: new Float32Array(T * S * plan.savedBlocks * U),
  };
  cpuForward(cell, plan, d, arrays);
  const last = (a.reverse ? 0 : T - 1) * S * U;
  return [
    cpu.makeTensorInfo([S, U], 'float32', arrays.states[0]!.slice(last, last + S * U)),
    ...arrays.states.map((values) => cpu.makeTensorInfo([T, S, U], 'float32', values)),
    cpu.makeTensorInfo([T, S, plan.savedBlocks * U], 'float32', arrays.saved),
  ];
};

const cpuBackwardKernel: KernelFunc = ({ inputs, backend, attrs }) => {
  const cpu = cpuInternals(backend);
  const a = attrs as unknown as RecurrenceKernelAttrs;
  const { cell, plan } = compiledCell(a.cell);
  const states = stateInputs(inputs, plan.parts);
  const kernel = input(inputs, 'recurrentKernel');
  const [T, S, U] = states[0]!.shape as [number, number, number];
  const d: RecurrenceDimensions = {
    steps: T,
    sequences: S,
    units: U,
    timeMajor: a.timeMajor,
    reverse: a.reverse,
  };
  const width = plan.inputBlocks * U;
  const last = inputs['lastStateGradient'];
  const every = inputs['sequenceGradient'];
  const arrays = {
    lastStateGradient: last ? cpuValues(cpu, last, 'lastStateGradient') : null,
    sequenceGradient: every ? cpuValues(cpu, every, 'sequenceGradient') : null,
    states: states.map((info, part) => cpuValues(cpu, info, `state${part}`)),
    saved: cpuValues(cpu, input(inputs, 'saved'), 'saved'),
    kernel: cpuValues(cpu, kernel, 'recurrentKernel'),
    projectionGradient: new Float32Array(T * S * width),
    kernelGradient: new Float32Array(U * plan.recurrentBlocks * U),
  };
  cpuBackward(cell, plan, d, arrays);
  return [
    cpu.makeTensorInfo(
      a.timeMajor ? [T, S, width] : [S, T, width],
      'float32',
      arrays.projectionGradient,
    ),
    cpu.makeTensorInfo([U, plan.recurrentBlocks * U], 'float32', arrays.kernelGradient),
  ];
};

function requireSimd(wasm: WasmBackendInternals): void {
  if (wasmSimd(wasm) === null) throw new Error('the wasm recurrence kernels need WebAssembly SIMD');
}

const wasmForwardKernel: KernelFunc = ({ inputs, backend, attrs }) => {
  const wasm = wasmInternals(backend);
  requireSimd(wasm);
  const a = attrs as unknown as RecurrenceKernelAttrs;
  const { plan } = compiledCell(a.cell);
  const projection = input(inputs, 'projection');
  const kernel = input(inputs, 'recurrentKernel');
  const d = dimensions(projection.shape, a, kernel.shape[0]!);
  const { steps: T, sequences: S, units: U } = d;
  const lastState = wasm.makeOutput([S, U], 'float32');
  const states = Array.from({ length: plan.parts }, () => wasm.makeOutput([T, S, U], 'float32'));
  const saved = wasm.makeOutput([T, S, plan.savedBlocks * U], 'float32');
  const outputs = [lastState, ...states, saved];
  try {
    sharedForward(wasm, plan, d, { projection, kernel, lastState, states, saved });
  } catch (error) {
    for (const info of outputs) wasm.disposeData(info.dataId);
    throw error;
  }
  return outputs;
};

const wasmBackwardKernel: KernelFunc = ({ inputs, backend, attrs }) => {
  const wasm = wasmInternals(backend);
  requireSimd(wasm);
  const a = attrs as unknown as RecurrenceKernelAttrs;
  const { plan } = compiledCell(a.cell);
  const states = stateInputs(inputs, plan.parts);
  const [T, S, U] = states[0]!.shape as [number, number, number];
  const d: RecurrenceDimensions = {
    steps: T,
    sequences: S,
    units: U,
    timeMajor: a.timeMajor,
    reverse: a.reverse,
  };
  const width = plan.inputBlocks * U;
  const projectionGradient = wasm.makeOutput(
    a.timeMajor ? [T, S, width] : [S, T, width],
    'float32',
  );
  const kernelGradient = wasm.makeOutput([U, plan.recurrentBlocks * U], 'float32');
  try {
    sharedBackward(wasm, plan, d, {
      lastStateGradient: inputs['lastStateGradient'] ?? null,
      sequenceGradient: inputs['sequenceGradient'] ?? null,
      states,
      saved: input(inputs, 'saved'),
      kernel: input(inputs, 'recurrentKernel'),
      projectionGradient,
      kernelGradient,
    });
  } catch (error) {
    wasm.disposeData(projectionGradient.dataId);
    wasm.disposeData(kernelGradient.dataId);
    throw error;
  }
  return [projectionGradient, kernelGradient];
};

const KERNELS: Record<(typeof FUSED_BACKENDS)[number], [KernelFunc, KernelFunc]> = {
  cpu: [cpuForwardKernel, cpuBackwardKernel],
  wasm: [wasmForwardKernel, wasmBackwardKernel],
};

/** Registers both kernels for cpu and wasm (idempotent; the backends need not be loaded yet). */
export function registerRecurrenceKernels(): void {
  for (const backendName of FUSED_BACKENDS) {
    const [forward, backward] = KERNELS[backendName];
    if (tf.getKernel(RECURRENCE_FORWARD_KERNEL, backendName) === undefined) {
      tf.registerKernel({
        kernelName: RECURRENCE_FORWARD_KERNEL,
        backendName,
        kernelFunc: forward,
      });
    }
    if (tf.getKernel(RECURRENCE_BACKWARD_KERNEL, backendName) === undefined) {
      tf.registerKernel({
        kernelName: RECURRENCE_BACKWARD_KERNEL,
        backendName,
        kernelFunc: backward,
      });
    }
  }
}

/** Whether the active backend has the fused kernels (on wasm: with WebAssembly SIMD). */
export function fusedRecurrenceAvailable(): boolean {
  const name = tf.getBackend();
  if (name === 'wasm') return wasmSimd(wasmInternals(tf.backend())) !== null;
  return (FUSED_BACKENDS as readonly string[]).includes(name);
}

/** The forward kernel's outputs: the last state, every state of each part, the saved values. */
export interface ForwardResult {
  lastState: tf.Tensor2D;
  states: tf.Tensor3D[];
  saved: tf.Tensor3D;
}

/** Runs the forward kernel (the cell must have been compiled). */
export function runForwardKernel(
  projection: tf.Tensor3D,
  recurrentKernel: tf.Tensor2D,
  attrs: RecurrenceKernelAttrs,
): ForwardResult {
  registerRecurrenceKernels();
  const out = tf
    .engine()
    .runKernel(
      RECURRENCE_FORWARD_KERNEL,
      { projection, recurrentKernel },
      attrs as unknown as NamedAttrMap,
    ) as tf.Tensor[];
  return {
    lastState: out[0] as tf.Tensor2D,
    states: out.slice(1, -1) as tf.Tensor3D[],
    saved: out[out.length - 1] as tf.Tensor3D,
  };
}

/** What the backward kernel reads: the output's gradient (last state or every state) and the forward's results. */
export interface BackwardInputs {
  lastStateGradient?: tf.Tensor2D;
  /** [T, S, U], time-major. */
  sequenceGradient?: tf.Tensor3D;
  states: tf.Tensor3D[];
  saved: tf.Tensor3D;
  recurrentKernel: tf.Tensor2D;
}

/** Runs the backward kernel: [projection gradient, recurrent kernel gradient]. */
export function runBackwardKernel(
  saved: BackwardInputs,
  attrs: RecurrenceKernelAttrs,
): [tf.Tensor3D, tf.Tensor2D] {
  registerRecurrenceKernels();
  const inputs: Record<string, tf.Tensor> = {
    saved: saved.saved,
    recurrentKernel: saved.recurrentKernel,
  };
  saved.states.forEach((s, part) => (inputs[`state${part}`] = s));
  if (saved.lastStateGradient) inputs['lastStateGradient'] = saved.lastStateGradient;
  if (saved.sequenceGradient) inputs['sequenceGradient'] = saved.sequenceGradient;
  return tf
    .engine()
    .runKernel(RECURRENCE_BACKWARD_KERNEL, inputs, attrs as unknown as NamedAttrMap) as [
    tf.Tensor3D,
    tf.Tensor2D,
  ];
}
