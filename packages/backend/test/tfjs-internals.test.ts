// The private parts of tfjs's wasm and cpu backends that the fused kernels use are checked
// against the installed tfjs: when a tfjs version changes them, this fails and says what changed.
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import {
  cpuInternals,
  cpuInternalsProblems,
  TESTED_TFJS_RANGE,
  takeOverHeapData,
  TfjsInternalsError,
  wasmInternals,
  wasmInternalsProblems,
} from '../src/internals';
import packageJson from '../package.json';

/** A live tensor on `backendName`, to check what the backend records for it. */
async function probeOn(backendName: string): Promise<{ backend: unknown; probe: tf.Tensor }> {
  await tf.setBackend(backendName);
  await tf.ready();
  return { backend: tf.backend(), probe: tf.tensor1d([1, 2, 3]) };
}

afterAll(() => tf.disposeVariables());

describe(`the installed TensorFlow.js (tested: ${TESTED_TFJS_RANGE})`, () => {
  it('is within the tested range, and the peer ranges say so', () => {
    const [major, minor] = tf.version_core.split('.').map(Number);
    const [testedMajor, testedMinor] = TESTED_TFJS_RANGE.replace('~', '').split('.').map(Number);
    if (major !== testedMajor || minor !== testedMinor) {
      throw new Error(
        `tfjs-core ${tf.version_core} is outside ${TESTED_TFJS_RANGE}, the range @srnn/backend's ` +
          'internals were tested with: check the members below against its sources, then ' +
          'widen TESTED_TFJS_RANGE and the peer ranges',
      );
    }
    expect(packageJson.peerDependencies['@tensorflow/tfjs']).toBe(TESTED_TFJS_RANGE);
  });

  it('has every wasm backend member the kernels use, with the tensor record they read', async () => {
    const { backend, probe } = await probeOn('wasm');
    expect(wasmInternalsProblems(backend, probe)).toEqual([]);
    // And they mean what the kernels take them to mean: the heap view holds the tensor's values.
    const wasm = wasmInternals(backend);
    expect(Array.from(wasm.typedArrayFromHeap(probe))).toEqual([1, 2, 3]);
    const offset = wasm.dataIdMap.get(probe.dataId).memoryOffset;
    expect(Array.from(new Float32Array(wasm.wasm.HEAPU8.buffer, offset, 3))).toEqual([1, 2, 3]);
    // refCount counts the tensors holding the data: a reshape shares it.
    expect(wasm.dataIdMap.get(probe.dataId).refCount).toBe(1);
    const shared = tf.reshape(probe, [3, 1]);
    expect(wasm.dataIdMap.get(probe.dataId).refCount).toBe(2);
    shared.dispose();
    expect(wasm.dataIdMap.get(probe.dataId).refCount).toBe(1);
    probe.dispose();
  });

  it('has every cpu backend member the kernels use', async () => {
    const { backend, probe } = await probeOn('cpu');
    expect(cpuInternalsProblems(backend, probe)).toEqual([]);
    expect(Array.from(cpuInternals(backend).data.get(probe.dataId).values as Float32Array)).toEqual(
      [1, 2, 3],
    );
    probe.dispose();
  });
});

describe('takeOverHeapData', () => {
  it('moves data held alone to a new tensor on the same memory; the old one frees a stand-in', async () => {
    const { backend, probe } = await probeOn('wasm');
    const wasm = wasmInternals(backend);
    const other = tf.tensor1d([4, 5, 6]);
    const places = [probe, other].map((t) => wasm.dataIdMap.get(t.dataId).memoryOffset);
    const taken = takeOverHeapData(wasm, [probe, other])!;
    expect(taken.map((t) => wasm.dataIdMap.get(t.dataId).memoryOffset)).toEqual(places);
    expect(taken.map((t) => t.dataId)).not.toContain(probe.dataId);
    tf.dispose([probe, other]);
    // The new tensors' memory survived the old ones' disposal.
    const values = taken.map((t) => Array.from(wasm.typedArrayFromHeap(t)));
    expect(values).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    for (const t of taken) wasm.disposeData(t.dataId);
  });

  it('refuses data that another tensor shares, or two inputs on one data', async () => {
    const { backend, probe } = await probeOn('wasm');
    const wasm = wasmInternals(backend);
    expect(takeOverHeapData(wasm, [probe, probe])).toBeNull();
    const shared = tf.reshape(probe, [3, 1]);
    expect(takeOverHeapData(wasm, [probe])).toBeNull();
    expect(Array.from(shared.dataSync())).toEqual([1, 2, 3]);
    tf.dispose([probe, shared]);
  });
});

describe('a backend whose internals changed', () => {
  it('is refused by name of the missing member, with the versions to install', () => {
    const changed = { wasm: { HEAPU8: new Uint8Array(1), cwrap: () => () => undefined } };
    expect(() => wasmInternals(changed)).toThrow(TfjsInternalsError);
    expect(() => wasmInternals(changed)).toThrow(
      `@srnn/backend: this TensorFlow.js wasm backend differs from the one the SRNN kernels were ` +
        `written for (${TESTED_TFJS_RANGE}): wasm._malloc is not a function; wasm._free is not ` +
        'a function; wasm.tfjs.disposeData is not a function; ' +
        'dataIdMap.get is not a function; dataIdMap.delete is not a function; makeOutput is not ' +
        'a function; typedArrayFromHeap is not a function; disposeData is not a function; incRef ' +
        `is not a function. Install @tensorflow/tfjs and @tensorflow/tfjs-backend-wasm ${TESTED_TFJS_RANGE}.`,
    );
    expect(() => cpuInternals({ data: new Map() })).toThrow(
      /cpu backend .*makeTensorInfo is not a function/,
    );
  });

  it('reports a heap memory that moved, which would silently slow the SIMD paths', () => {
    const fake = { wasm: {}, dataIdMap: {} };
    expect(wasmInternalsProblems(fake)).toContain('wasm.asm.memory is not a WebAssembly.Memory');
  });
});
