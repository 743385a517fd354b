import type * as tf from '@tensorflow/tfjs';

/** One group of a model.json's weightsManifest: files holding the weights' bytes in order. */
export type WeightsGroup = tf.io.WeightsManifestConfig[number];

/** Bytes per stored element of each dtype a weights file may hold. */
const BYTES_PER_ELEMENT: Record<string, number> = {
  float32: 4,
  int32: 4,
  bool: 1,
  uint8: 1,
  uint16: 2,
  float16: 2,
};

/**
 * How many bytes the shards of one weights-manifest group hold together, computed from its
 * weights' shapes and dtypes (quantised weights by their stored dtype), or a message saying which
 * weight makes that impossible. Shards of a group are its bytes cut in order, so the sizes of its
 * files must add up to this.
 */
export function groupBytes(
  group: WeightsGroup,
  where: string,
): { bytes: number } | { error: string } {
  let bytes = 0;
  for (const [index, spec] of group.weights.entries()) {
    const field = `${where}.weights[${index}]`;
    const shape: unknown = spec.shape;
    if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
      return { error: `${field}.shape must be a list of whole numbers, 0 or more` };
    }
    const stored = spec.quantization?.dtype ?? spec.dtype;
    const size = BYTES_PER_ELEMENT[stored];
    if (size === undefined) {
      return {
        error: `${field} has dtype '${stored}'; stored weights must be one of ${Object.keys(BYTES_PER_ELEMENT).join(', ')}`,
      };
    }
    bytes += (shape as number[]).reduce((a, b) => a * b, 1) * size;
    if (!Number.isSafeInteger(bytes)) return { error: `${field}.shape is too large` };
  }
  return { bytes };
}
