/**
 * @packageDocumentation
 * Seeded pseudo-random numbers that repeat on every machine and engine: the data splits, the
 * embedding initialisation, the training batches and the tests all draw from here (one generator,
 * mulberry32), so a seed means the same numbers everywhere.
 */

import { SeededRandom } from './seeded-random';

export { SeededRandom, type RandomState } from './seeded-random';

/**
 * Mulberry32 ({@link SeededRandom}) as a function returning floats in [0, 1). Any number seeds it
 * (taken as an unsigned 32-bit integer).
 */
export function mulberry32(seed: number): () => number {
  const random = SeededRandom.fromState({ generator: 'mulberry32', state: seed >>> 0 });
  return () => random.nextFloat();
}

/** The indices 0..n-1 in an order fixed by the seed: `new SeededRandom(seed).permutation(n)`. */
export function shuffledIndices(n: number, seed: number): Int32Array {
  return SeededRandom.fromState({ generator: 'mulberry32', state: seed >>> 0 }).permutation(n);
}

/** Standard normal draws from a uniform generator (Box-Muller, both values of each pair used). */
export function standardNormal(uniform: () => number): () => number {
  let spare: number | undefined;
  return () => {
    if (spare !== undefined) {
      const s = spare;
      spare = undefined;
      return s;
    }
    // 1 - u lies in (0, 1], so the logarithm is finite.
    const radius = Math.sqrt(-2 * Math.log(1 - uniform()));
    const angle = 2 * Math.PI * uniform();
    spare = radius * Math.sin(angle);
    return radius * Math.cos(angle);
  };
}
