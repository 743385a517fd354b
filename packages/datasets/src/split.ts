import { z } from 'zod';
import { parseOptions } from './options';
import { shuffledIndices } from '@srnn/random';

/** Row indices of the training, validation (dev) and test sets. */
export interface Split {
  train: Int32Array;
  dev: Int32Array;
  test: Int32Array;
}

/** The paper's split: 80% train, 10% dev, 10% test. */
export const PAPER_FRACTIONS = [0.8, 0.1, 0.1] as const;

/** The seed the paper's code shuffled with (numpy's seed 2018; the order itself differs from numpy's). */
export const PAPER_SEED = 2018;

const argsSchema = z.object({
  n: z.number().int().nonnegative(),
  fractions: z
    .tuple([z.number().nonnegative(), z.number().nonnegative(), z.number().nonnegative()])
    .refine(
      (f) => Math.abs(f[0] + f[1] + f[2] - 1) < 1e-9,
      'train, dev and test fractions must add up to 1',
    ),
  seed: z.number().int(),
});

/**
 * Shuffles 0..n-1 with a seed and cuts it into train, dev and test, identically on every run and
 * machine. As in the paper's code, the dev and test sizes are floor(n * fraction) and train takes
 * the rest; each part's indices keep the shuffled order.
 */
export function splitIndices(
  n: number,
  fractions: readonly [number, number, number] = PAPER_FRACTIONS,
  seed: number = PAPER_SEED,
): Split {
  parseOptions(argsSchema, { n, fractions, seed }, 'splitIndices');
  const order = shuffledIndices(n, seed);
  const dev = Math.floor(n * fractions[1]);
  const test = Math.floor(n * fractions[2]);
  const train = n - dev - test;
  return {
    train: order.slice(0, train),
    dev: order.slice(train, train + dev),
    test: order.slice(train + dev),
  };
}

/** A predefined split of rows laid out part after part (train rows, then dev rows, then test rows). */
export function contiguousSplit(train: number, dev: number, test: number): Split {
  const range = (from: number, count: number) =>
    Int32Array.from({ length: count }, (_, i) => from + i);
  return { train: range(0, train), dev: range(train, dev), test: range(train + dev, test) };
}
