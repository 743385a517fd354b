import type { AdamStepCoefficients } from './adam-coefficients';

/** The arrays of one fused update: four read, three written. All have the same length. */
export interface AdamArrays {
  value: Float32Array;
  gradient: Float32Array;
  firstMoment: Float32Array;
  secondMoment: Float32Array;
  newValue: Float32Array;
  newFirstMoment: Float32Array;
  newSecondMoment: Float32Array;
}

const f32 = Math.fround;

/**
 * One Adam step over every element, in one pass. Each operation is rounded to float32 in the order
 * tfjs's AdamOptimizer applies its ops, so the result matches it to the last bit where the backend's
 * own ops are correctly rounded:
 *
 *   m' = m * beta1 + g * (1 - beta1)
 *   v' = v * beta2 + g^2 * (1 - beta2)
 *   x' = (m' / (1 - beta1^t)) / (sqrt(v' / (1 - beta2^t)) + epsilon) * -lr + x
 */
export function adamUpdateDense(c: AdamStepCoefficients, a: AdamArrays): void {
  updateRange(c, a, 0, a.value.length);
}

/**
 * The LazyAdam variant: rows (slices along the first axis, `rowSize` elements each) whose gradient
 * is all zeros keep their value and both moments; every other row gets the dense update.
 */
export function adamUpdateLazy(c: AdamStepCoefficients, a: AdamArrays, rowSize: number): void {
  const { gradient } = a;
  const length = a.value.length;
  // Written over its inputs (the wasm kernel's in-place case), a kept row is already where it goes.
  const inPlace = sameMemory(a.newValue, a.value);
  for (let start = 0; start < length; start += rowSize) {
    const end = start + rowSize;
    let touched = false;
    for (let i = start; i < end; i++) {
      if (gradient[i] !== 0) {
        touched = true;
        break;
      }
    }
    if (touched) {
      updateRange(c, a, start, end);
    } else if (!inPlace) {
      a.newValue.set(a.value.subarray(start, end), start);
      a.newFirstMoment.set(a.firstMoment.subarray(start, end), start);
      a.newSecondMoment.set(a.secondMoment.subarray(start, end), start);
    }
  }
}

/** Whether two views cover the same bytes of the same buffer. */
function sameMemory(x: Float32Array, y: Float32Array): boolean {
  return x.buffer === y.buffer && x.byteOffset === y.byteOffset && x.length === y.length;
}

function updateRange(c: AdamStepCoefficients, a: AdamArrays, start: number, end: number): void {
  const { value, gradient, firstMoment, secondMoment, newValue, newFirstMoment, newSecondMoment } =
    a;
  const { beta1, beta2, oneMinusBeta1, oneMinusBeta2, oneMinusAccBeta1, oneMinusAccBeta2 } = c;
  const { epsilon, negLearningRate } = c;
  for (let i = start; i < end; i++) {
    const g = gradient[i] as number;
    const m = f32(f32((firstMoment[i] as number) * beta1) + f32(g * oneMinusBeta1));
    const v = f32(f32((secondMoment[i] as number) * beta2) + f32(f32(g * g) * oneMinusBeta2));
    const mHat = f32(m / oneMinusAccBeta1);
    const vHat = f32(v / oneMinusAccBeta2);
    const step = f32(f32(mHat / f32(f32(Math.sqrt(vHat)) + epsilon)) * negLearningRate);
    newFirstMoment[i] = m;
    newSecondMoment[i] = v;
    // The store rounds the sum to float32.
    newValue[i] = step + (value[i] as number);
  }
}
