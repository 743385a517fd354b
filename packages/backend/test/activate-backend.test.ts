import * as tf from '@tensorflow/tfjs';
import { activateBackend } from '../src/backend-loaders';
import { BackendLoadError } from '../src/load-failure';

it('turns a backend that fails to initialise into a load error with the printed reason', async () => {
  tf.registerBackend('broken', () => {
    throw new Error('out of heap\n    at somewhere');
  });
  const warn = jest.spyOn(console, 'warn');
  const failure = activateBackend('broken');
  await expect(failure).rejects.toBeInstanceOf(BackendLoadError);
  await expect(failure).rejects.toThrow('failed to initialise (Error: out of heap)');
  // TensorFlow.js's own warnings about it were turned into the reason, not printed.
  expect(warn).not.toHaveBeenCalled();
  warn.mockRestore();
  tf.removeBackend('broken');
});

it('activates a backend that initialises', async () => {
  await activateBackend('cpu');
  expect(tf.getBackend()).toBe('cpu');
});
