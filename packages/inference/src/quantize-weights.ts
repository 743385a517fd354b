// Smaller weights for the web, in TensorFlow.js's own quantised weight format (decoded by
// tf.io.decodeWeights when the model loads): every float32 weight as float16, or the embedding
// (the bulk of a text model) as 8-bit codes `q * scale + min` with the other weights untouched.
import type { WeightSpec } from '@srnn/bundle';

/** How the web export stores weights. */
export const WEB_WEIGHTS = ['float32', 'float16', 'uint8-embedding'] as const;
export type WebWeights = (typeof WEB_WEIGHTS)[number];

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** IEEE 754 half-precision bits of `value`, rounded to nearest even (overflow: infinity). */
export function float16Bits(value: number): number {
  f32[0] = value;
  const x = u32[0]!;
  const sign = (x >>> 16) & 0x8000;
  const exponent = (x >>> 23) & 0xff;
  const mantissa = x & 0x7fffff;
  if (exponent === 0xff) return sign | 0x7c00 | (mantissa ? 0x200 : 0);
  const e = exponent - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00;
  if (e <= 0) {
    // Subnormal half (or zero): shift the full mantissa, rounding to nearest even.
    if (e < -10) return sign;
    const full = mantissa | 0x800000;
    const shift = 14 - e;
    const half = full >>> shift;
    const rest = full & ((1 << shift) - 1);
    const midpoint = 1 << (shift - 1);
    return sign | (half + (rest > midpoint || (rest === midpoint && half & 1) ? 1 : 0));
  }
  const half = (e << 10) | (mantissa >>> 13);
  const rest = mantissa & 0x1fff;
  // A carry out of the mantissa correctly moves into the exponent.
  return sign | (half + (rest > 0x1000 || (rest === 0x1000 && half & 1) ? 1 : 0));
}

/** 8-bit codes of `values`: q = round((v - min) / scale), decoded as q * scale + min. */
export function uint8Codes(values: Float32Array): {
  codes: Uint8Array;
  min: number;
  scale: number;
} {
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (values.length === 0) [min, max] = [0, 0];
  const scale = max > min ? (max - min) / 255 : 0;
  const codes = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++)
    codes[i] = scale > 0 ? Math.round((values[i]! - min) / scale) : 0;
  return { codes, min, scale };
}

/** The embedding's spec: the weight of the TokenEmbedding layer, named '.../embeddings'. */
const isEmbedding = (spec: WeightSpec) =>
  spec.dtype === 'float32' && /(^|\/)embeddings$/.test(spec.name);

/** Re-encodes float32 weights as `mode` says; other weights are copied as they are. */
export function quantizeWeights(
  specs: readonly WeightSpec[],
  weights: Uint8Array,
  mode: WebWeights,
): { specs: WeightSpec[]; weights: Uint8Array } {
  if (mode === 'float32') return { specs: [...specs], weights };
  const parts: Uint8Array[] = [];
  const out: WeightSpec[] = [];
  let offset = 0;
  for (const spec of specs) {
    const count = spec.shape.reduce((a, b) => a * b, 1);
    const stride = spec.quantization
      ? { float16: 2, uint8: 1 }[spec.quantization.dtype]
      : spec.dtype === 'bool'
        ? 1
        : 4;
    const bytes = count * stride;
    const stored = weights.slice(offset, offset + bytes);
    offset += bytes;
    const floats = () => new Float32Array(stored.buffer, stored.byteOffset, count);
    if (spec.dtype === 'float32' && !spec.quantization && mode === 'float16') {
      const halves = new Uint16Array(count);
      const values = floats();
      for (let i = 0; i < count; i++) halves[i] = float16Bits(values[i]!);
      parts.push(new Uint8Array(halves.buffer));
      out.push({ ...spec, quantization: { dtype: 'float16' } });
    } else if (!spec.quantization && mode === 'uint8-embedding' && isEmbedding(spec)) {
      const { codes, min, scale } = uint8Codes(floats());
      parts.push(codes);
      out.push({ ...spec, quantization: { dtype: 'uint8', min, scale } });
    } else {
      parts.push(stored);
      out.push({ ...spec });
    }
  }
  const joined = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const part of parts) {
    joined.set(part, at);
    at += part.byteLength;
  }
  return { specs: out, weights: joined };
}
