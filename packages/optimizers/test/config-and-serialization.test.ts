// Argument validation, defaults, tfjs serialization, and the kernel's input checks.
import * as tf from '@tensorflow/tfjs';
import {
  FUSED_ADAM_DEFAULTS,
  FUSED_ADAM_KERNEL,
  FusedAdamOptimizer,
  fusedAdam,
} from '@srnn/optimizers';
import { useBackend } from './helpers';

beforeAll(async () => {
  await useBackend('cpu');
});

describe('configuration', () => {
  it("defaults to tf.train.adam's arguments, with the Adam paper's epsilon 1e-8", () => {
    const optimizer = fusedAdam();
    expect(optimizer.settings).toEqual({
      learningRate: 0.001,
      beta1: 0.9,
      beta2: 0.999,
      epsilon: 1e-8,
      lazy: false,
    });
    expect(FUSED_ADAM_DEFAULTS.epsilon).toBe(1e-8);
    // null takes the default, as in tf.train.adam.
    expect(new FusedAdamOptimizer(null, null, null, null).settings).toEqual(optimizer.settings);
  });

  it.each([
    [() => fusedAdam(0), /learningRate: must be a number > 0/],
    [() => fusedAdam(Number.NaN), /learningRate: must be a finite number/],
    [() => fusedAdam(0.1, 1), /beta1: must be in \[0, 1\)/],
    [() => fusedAdam(0.1, 0.9, -0.1), /beta2: must be in \[0, 1\)/],
    [() => fusedAdam(0.1, 0.9, 0.999, -1), /epsilon: must be a number >= 0/],
    [
      () => fusedAdam(0.1, 0.9, 0.999, 1e-8, { lazy: 'yes' as unknown as boolean }),
      /lazy: must be true or false/,
    ],
    [
      () => fusedAdam(0.1, 0.9, 0.999, 1e-8, { lazzy: true } as never),
      /unknown field 'lazzy'; valid fields: learningRate, beta1, beta2, epsilon, lazy/,
    ],
  ])('rejects bad arguments with a message naming the field (%#)', (make, message) => {
    expect(make).toThrow(message);
  });

  it('lists every bad field at once', () => {
    expect(() => fusedAdam(-1, 2)).toThrow(
      /learningRate: must be a number > 0; beta1: must be in \[0, 1\)/,
    );
  });
});

describe('serialization', () => {
  it('is registered under its own className and round-trips its config', () => {
    const entry = tf.serialization.SerializationMap.getMap().classNameMap['FusedAdam'];
    expect(entry?.[0]).toBe(FusedAdamOptimizer);
    const original = fusedAdam(0.02, 0.8, 0.9, 1e-6, { lazy: true });
    const copy = FusedAdamOptimizer.fromConfig(
      FusedAdamOptimizer,
      original.getConfig(),
    ) as FusedAdamOptimizer;
    expect(copy).toBeInstanceOf(FusedAdamOptimizer);
    expect(copy.settings).toEqual(original.settings);
    expect(FusedAdamOptimizer.className).toBe('FusedAdam');
    expect(FusedAdamOptimizer.className).not.toBe(tf.AdamOptimizer.className);
  });
});

describe('the kernel', () => {
  it('names the input whose shape or dtype is wrong', () => {
    const value = tf.zeros([2, 3]);
    const run = (gradient: tf.Tensor): unknown =>
      tf
        .engine()
        .runKernel(
          FUSED_ADAM_KERNEL,
          { value, gradient, firstMoment: value, secondMoment: value },
          { ...fusedAdam().settings },
        );
    fusedAdam(); // registers the kernel
    const wrongShape = tf.zeros([3, 2]);
    const wrongDtype = tf.zeros([2, 3], 'int32');
    expect(() => run(wrongShape)).toThrow(
      "SrnnFusedAdam: input 'gradient' has shape [3,2], expected the value's shape [2,3]",
    );
    expect(() => run(wrongDtype)).toThrow(
      "SrnnFusedAdam: input 'gradient' has dtype int32; only float32 is supported",
    );
    tf.dispose([value, wrongShape, wrongDtype]);
  });

  it('reports a gradient for a variable that is not registered', () => {
    const optimizer = fusedAdam();
    expect(() => optimizer.applyGradients({ 'no-such-variable': tf.scalar(1) })).toThrow(
      "FusedAdam: no variable named 'no-such-variable' is registered",
    );
  });
});
