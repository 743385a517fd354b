import type { DataType, KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { wasmInternals, cpuInternals, type NumericArray } from '../internals';
import { rowSimdOnHeap } from './row-simd';
import { accumulateSegments, planSegmentSum } from './segment-sum';

interface SegmentSumArgs {
  x: TensorInfo;
  segmentIds: TensorInfo;
  numSegments: number;
}

function readArgs(params: Parameters<KernelFunc>[0]): SegmentSumArgs {
  const { x, segmentIds } = params.inputs;
  const numSegments = params.attrs?.['numSegments'];
  if (x === undefined || segmentIds === undefined || typeof numSegments !== 'number') {
    throw new Error('UnsortedSegmentSum: expected inputs x, segmentIds and attribute numSegments');
  }
  if (x.dtype === 'complex64' || x.dtype === 'string') {
    throw new Error(`UnsortedSegmentSum: x must be float32, int32 or bool, got ${x.dtype}`);
  }
  return { x, segmentIds, numSegments };
}

/** int32 sums stay int32 (as in TensorFlow); everything else sums in float32. */
function outputDtype(x: TensorInfo): DataType {
  return x.dtype === 'int32' ? 'int32' : 'float32';
}

/**
 * UnsortedSegmentSum for the wasm backend, which has none (so the gradient of tf.gather, and with
 * it every trainable Embedding, fails there). Reads and writes the wasm heap in place. For 1-D ids
 * and float32 or int32 values (the embedding gradient) the rows are added by a SIMD loop; other
 * cases, and runtimes without WebAssembly SIMD, use the plain loop.
 */
export const unsortedSegmentSumWasm: KernelFunc = (params) => {
  const { x, segmentIds, numSegments } = readArgs(params);
  const backend = wasmInternals(params.backend);
  const plan = planSegmentSum(x.shape, segmentIds.shape, numSegments);
  const dtype = outputDtype(x);
  const out = backend.makeOutput(plan.outShape, dtype);
  // Views are taken after the allocation: a heap that grows detaches earlier views. One fill of
  // the whole output (memset speed), then only the rows that have ids are touched.
  const outValues = backend.typedArrayFromHeap(out);
  outValues.fill(0);
  const simd =
    plan.idsPerRow === 1 && x.dtype === dtype && segmentIds.dtype === 'int32'
      ? rowSimdOnHeap(backend)
      : null;
  if (simd !== null) {
    const offset = (info: TensorInfo) => backend.dataIdMap.get(info.dataId).memoryOffset;
    const scatterAdd = dtype === 'int32' ? simd.scatterAddI32 : simd.scatterAddF32;
    scatterAdd(offset(x), offset(segmentIds), plan.rows, plan.innerSize, offset(out), numSegments);
    return out;
  }
  accumulateSegments(
    plan,
    backend.typedArrayFromHeap(x),
    backend.typedArrayFromHeap(segmentIds),
    outValues,
  );
  return out;
};

/**
 * UnsortedSegmentSum for the cpu backend in one pass over x. The stock kernel builds a mask and
 * sums the whole input once per segment: O(numSegments * x.size), minutes at a 30,000-word
 * vocabulary.
 */
export const unsortedSegmentSumCpu: KernelFunc = (params) => {
  const { x, segmentIds, numSegments } = readArgs(params);
  const backend = cpuInternals(params.backend);
  const plan = planSegmentSum(x.shape, segmentIds.shape, numSegments);
  const dtype = outputDtype(x);
  const size = plan.outShape.reduce((acc, d) => acc * d, 1);
  const outValues: NumericArray = dtype === 'int32' ? new Int32Array(size) : new Float32Array(size);
  accumulateSegments(
    plan,
    backend.data.get(x.dataId).values as NumericArray,
    backend.data.get(segmentIds.dataId).values as NumericArray,
    outValues,
  );
  return backend.makeTensorInfo(plan.outShape, dtype, outValues);
};

/**
 * The mark of a scatter-add that makes one pass over its input (these two kernels). @srnn/cells
 * reads it, through the registry, to decide whether gathering rows (and scattering their
 * gradients back) is cheap enough to share runs of equal subsequences: the stock cpu kernel makes
 * one pass per segment, and wasm has none. A global symbol, so that neither package imports the other.
 */
export const ONE_PASS_SCATTER = Symbol.for('@srnn/one-pass-scatter');
for (const kernel of [unsortedSegmentSumWasm, unsortedSegmentSumCpu]) {
  Object.defineProperty(kernel, ONE_PASS_SCATTER, { value: true });
}

/** Kernel configs for UnsortedSegmentSum, by backend name. */
export const unsortedSegmentSumConfigs: readonly KernelConfig[] = [
  { kernelName: 'UnsortedSegmentSum', backendName: 'wasm', kernelFunc: unsortedSegmentSumWasm },
  { kernelName: 'UnsortedSegmentSum', backendName: 'cpu', kernelFunc: unsortedSegmentSumCpu },
];
