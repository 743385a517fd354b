import * as tf from '@tensorflow/tfjs';
import { activeKernelFixes, registerKernelFixes } from '../src';
import { KERNEL_FIXES } from '../src/testing';

// This file imports the wasm backend only part-way through, to check the order of events.

it('refuses to wrap wasm kernels before the wasm backend is imported, saying what to do', () => {
  expect(() => registerKernelFixes('wasm')).toThrow(
    "registerKernelFixes('wasm'): the wasm backend's own Slice kernel is not registered yet; " +
      "import '@tensorflow/tfjs-backend-wasm' (or call selectBackend()) before registering the fixes",
  );
});

it('defaults to the active backend and registers each fix once', async () => {
  await tf.setBackend('cpu');
  expect(registerKernelFixes()).toEqual(['UnsortedSegmentSum']);
  expect(registerKernelFixes('cpu')).toEqual([]);
  expect(activeKernelFixes('cpu')).toEqual(['UnsortedSegmentSum']);
});

it('has nothing to register for backends it has no fixes for', () => {
  expect(registerKernelFixes('tensorflow')).toEqual([]);
  expect(activeKernelFixes('tensorflow')).toEqual([]);
});

it('works when registered before the wasm backend is first activated (stock setup still runs)', async () => {
  await import('@tensorflow/tfjs-backend-wasm');
  const names = registerKernelFixes('wasm');
  expect(names).toEqual([
    'UnsortedSegmentSum',
    'Slice',
    'Unpack',
    'BatchMatMul',
    'GatherV2',
    'Sum',
    'Identity',
    'Transpose',
  ]);
  expect(registerKernelFixes('wasm')).toEqual([]);
  await tf.setBackend('wasm');
  // A plain product goes straight to the stock kernel, which needs its setup to have run.
  const product = tf.matMul(tf.tensor2d([1, 2, 3, 4], [2, 2]), tf.tensor2d([5, 6, 7, 8], [2, 2]));
  expect(product.arraySync()).toEqual([
    [19, 22],
    [43, 50],
  ]);
  // With a transpose: [[1,3],[2,4]] x [[5,6],[7,8]]
  const transposed = tf.matMul(
    tf.tensor2d([1, 2, 3, 4], [2, 2]),
    tf.tensor2d([5, 6, 7, 8], [2, 2]),
    true,
  );
  expect(transposed.arraySync()).toEqual([
    [26, 30],
    [38, 44],
  ]);
});

it('documents every fix in one line', () => {
  for (const fix of KERNEL_FIXES) expect(fix.why.length).toBeGreaterThan(20);
});
