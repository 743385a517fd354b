import { SeededRandom } from '@srnn/random';
import type { EncodedSplit } from './splits';

/**
 * A seeded batch of random token ids in [1, vocabulary) and labels in [0, classes), for timing
 * training steps: a step's time does not depend on the token values.
 */
export function randomTokenBatch(
  rows: number,
  length: number,
  vocabulary: number,
  classes: number,
  seed: number,
): EncodedSplit<Int32Array> {
  for (const [name, value, min] of [
    ['rows', rows, 1],
    ['length', length, 1],
    ['vocabulary', vocabulary, 2],
    ['classes', classes, 1],
  ] as const) {
    if (!Number.isInteger(value) || value < min) {
      throw new Error(
        `randomTokenBatch: ${name} must be an integer >= ${min}, got ${String(value)}`,
      );
    }
  }
  const random = new SeededRandom(seed);
  const x = new Int32Array(rows * length);
  for (let i = 0; i < x.length; i += 1) x[i] = 1 + random.nextInt(vocabulary - 1);
  const y = new Int32Array(rows);
  for (let i = 0; i < rows; i += 1) y[i] = random.nextInt(classes);
  return { x, shape: [rows, length], y };
}
