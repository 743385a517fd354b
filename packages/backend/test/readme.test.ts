// Mirrors the usage example in README.md, so that the example stays true.
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '@srnn/backend';

// The choice below is the automatic one; a SRNN_BACKEND set in the environment would force it.
const savedRequest = process.env['SRNN_BACKEND'];
beforeAll(() => {
  delete process.env['SRNN_BACKEND'];
});
afterAll(() => {
  if (savedRequest !== undefined) process.env['SRNN_BACKEND'] = savedRequest;
});

it('runs the README example: select a backend, then train an embedding on it', async () => {
  const lines: string[] = [];

  // --- README example starts ---
  const choice = await selectBackend({ log: (line) => lines.push(line) });
  // choice.summary, e.g.
  // "backend: wasm (SIMD, 1 thread) — passed over node-gpu (not installed), node (not installed)"

  // A trainable embedding: the gradient of tf.gather needs UnsortedSegmentSum, which the wasm
  // backend lacks until selectBackend registers it.
  const table = tf.variable(tf.randomNormal([1000, 16]));
  const ids = tf.tensor1d([3, 14, 15, 3], 'int32');
  const optimizer = tf.train.sgd(0.1);
  const before = table.slice([3, 0], [1, 16]).square().sum().dataSync()[0] as number;
  optimizer.minimize(() => tf.gather(table, ids).square().sum());
  const after = table.slice([3, 0], [1, 16]).square().sum().dataSync()[0] as number;
  // --- README example ends ---

  expect(lines).toEqual([choice.summary]);
  expect(tf.getBackend()).toBe(choice.tfBackend);
  // Row 3 appears twice: its gradient is 2 * 2 * row, so one SGD step scales it by 1 - 0.4.
  expect(after).toBeCloseTo(before * 0.6 * 0.6, 3);
  // Where the real backends stand on this machine is reported, not assumed: whatever was chosen,
  // every faster backend was tried first and is listed with a reason.
  const order = ['node-gpu', 'node', 'wasm', 'cpu'];
  expect(choice.passedOver.map((p) => p.name)).toEqual(order.slice(0, order.indexOf(choice.name)));
  for (const p of choice.passedOver) expect(p.reason.length).toBeGreaterThan(0);
  expect(choice.summary.startsWith(`backend: ${choice.name} (${choice.detail})`)).toBe(true);
  tf.dispose([table, ids]);
});
