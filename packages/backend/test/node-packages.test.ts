import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../src';

// Both tfjs-node packages register every kernel for the 'tensorflow' backend and only then load
// their native addon. These stand-ins do the same and fail the way a machine without
// libtensorflow fails.
const NATIVE_ADDON_MISSING =
  'The Node.js native addon module (tfjs_binding.node) can not be found at path: ' +
  'lib/napi-v8/tfjs_binding.node. \nPlease run command ...';

function failingNodePackage(): never {
  const { registerKernel } = jest.requireActual<typeof tf>('@tensorflow/tfjs');
  for (const kernelName of ['Add', 'MatMul', 'Tanh']) {
    registerKernel({ kernelName, backendName: 'tensorflow', kernelFunc: () => [] });
  }
  throw new Error(NATIVE_ADDON_MISSING);
}

jest.mock('@tensorflow/tfjs-node-gpu', () => failingNodePackage(), { virtual: true });
jest.mock('@tensorflow/tfjs-node', () => failingNodePackage(), { virtual: true });

// The choice below is the automatic one; a SRNN_BACKEND set in the environment would force it.
const savedRequest = process.env['SRNN_BACKEND'];
beforeAll(() => {
  delete process.env['SRNN_BACKEND'];
});
afterAll(() => {
  if (savedRequest !== undefined) process.env['SRNN_BACKEND'] = savedRequest;
});

it('falls back past two tfjs-node packages without native addons, quietly and cleanly', async () => {
  const warn = jest.spyOn(console, 'warn');
  const choice = await selectBackend({ log: () => undefined });
  const reason = 'installed, but its native addon (libtensorflow binding) is missing';
  expect(choice.passedOver).toEqual([
    { name: 'node-gpu', reason },
    { name: 'node', reason },
  ]);
  expect(choice.name).toBe('wasm');
  // No "kernel ... already registered" from the second package, and nothing left registered.
  const alreadyRegistered = warn.mock.calls.filter((args) =>
    String(args[0]).includes('already registered'),
  );
  expect(alreadyRegistered).toEqual([]);
  expect(tf.getKernelsForBackend('tensorflow')).toEqual([]);
  warn.mockRestore();
});

it('tries each tfjs-node package once per process, even for a new request', async () => {
  await expect(selectBackend({ backend: 'node', log: () => undefined })).rejects.toThrow(
    "option backend: 'node': backend 'node' failed to load: installed, but its native addon",
  );
  expect(tf.getKernelsForBackend('tensorflow')).toEqual([]);
});
