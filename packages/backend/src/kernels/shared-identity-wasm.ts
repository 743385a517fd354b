import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { wasmInternals, type WasmBackendInternals } from '../internals';

/**
 * The output of an op that leaves every value where it is: the input's own data with one more
 * reference, as the wasm backend's Reshape already does. No kernel writes into its inputs, so
 * sharing is safe; the memory is freed when the last tensor on it is disposed.
 */
function share(backend: WasmBackendInternals, x: TensorInfo): TensorInfo {
  backend.incRef(x.dataId);
  return { dataId: x.dataId, shape: [...x.shape], dtype: x.dtype };
}

/**
 * Identity (tf.clone, and many gradients pass through it) for the wasm backend: shares the input's
 * memory where the stock kernel copies all of it (2-3 ms for each [16384, 200] activation of the
 * SRNN step). Strings go to the stock kernel.
 */
export function makeIdentityWasm(stock: KernelConfig): KernelFunc {
  return (params) => {
    const x = params.inputs['x'] as TensorInfo;
    if (x.dtype === 'string') return stock.kernelFunc(params);
    return share(wasmInternals(params.backend), x);
  };
}

/**
 * Transpose for the wasm backend that shares the input's memory when the permutation moves no
 * value: the identity permutation, or one that only moves axes of size 1 (the gradient of
 * tf.gather transposes a [30000, 200] table with perm [0, 1], a 24 MB copy for nothing).
 * Every other permutation goes to the stock kernel.
 */
export function makeTransposeWasm(stock: KernelConfig): KernelFunc {
  return (params) => {
    const x = params.inputs['x'] as TensorInfo;
    const perm = params.attrs?.['perm'] as number[] | undefined;
    if (x.dtype === 'string' || perm === undefined || !movesNoValue(x.shape, perm)) {
      return stock.kernelFunc(params);
    }
    const shared = share(wasmInternals(params.backend), x);
    return { ...shared, shape: perm.map((axis) => x.shape[axis]!) };
  };
}

/** True when permuting `shape` by `perm` keeps the order of the axes longer than 1. */
export function movesNoValue(shape: readonly number[], perm: readonly number[]): boolean {
  if (perm.length !== shape.length) return false;
  const longAxes = perm.filter((axis) => shape[axis]! > 1);
  return longAxes.every((axis, i) => i === 0 || axis > longAxes[i - 1]!);
}
