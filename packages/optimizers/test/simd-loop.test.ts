// The SIMD WebAssembly loop against the plain JavaScript loop: the same float32 operations in the
// same order, so the same bits, at every length (SIMD body, chunk edges, leftover elements).
import { adamStepCoefficients } from '../src/adam-coefficients';
import { adamUpdateDenseViaSimd } from '../src/adam-simd';
import { adamSimdModuleBytes } from '../src/adam-simd-module';
import { adamUpdateDense, type AdamArrays } from '../src/adam-update-loop';
import { randomArray, seededRandom } from './helpers';

function randomArrays(length: number, seed: number): AdamArrays {
  const random = seededRandom(seed);
  const secondMoment = randomArray(random, length, 1e-4).map(Math.abs);
  // A few exact zeros in the gradient and the moments, as rows without gradient have.
  const gradient = randomArray(random, length, 0.01).map((g, i) => (i % 7 === 3 ? 0 : g));
  return {
    value: randomArray(random, length, 0.1),
    gradient,
    firstMoment: randomArray(random, length, 1e-3).map((m, i) => (i % 11 === 5 ? 0 : m)),
    secondMoment: secondMoment.map((v, i) => (i % 11 === 5 ? 0 : v)),
    newValue: new Float32Array(length),
    newFirstMoment: new Float32Array(length),
    newSecondMoment: new Float32Array(length),
  };
}

function copyInputs(a: AdamArrays): AdamArrays {
  const n = a.value.length;
  return {
    ...a,
    newValue: new Float32Array(n),
    newFirstMoment: new Float32Array(n),
    newSecondMoment: new Float32Array(n),
  };
}

it('is a valid WebAssembly module on this runtime', () => {
  const api = (globalThis as { WebAssembly?: { validate(bytes: Uint8Array): boolean } })
    .WebAssembly;
  expect(api?.validate(adamSimdModuleBytes())).toBe(true);
});

it.each([1, 3, 4, 5, 16384, 16387, 40001])(
  'equals the JavaScript loop bit for bit at length %i',
  (n) => {
    const coefficients = adamStepCoefficients(
      { learningRate: 0.003, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 },
      Math.fround(0.9 ** 3),
      Math.fround(0.999 ** 3),
    );
    const viaSimd = randomArrays(n, n);
    const viaJs = copyInputs(viaSimd);
    adamUpdateDenseViaSimd(coefficients, viaSimd);
    adamUpdateDense(coefficients, viaJs);
    expect(viaSimd.newValue).toEqual(viaJs.newValue);
    expect(viaSimd.newFirstMoment).toEqual(viaJs.newFirstMoment);
    expect(viaSimd.newSecondMoment).toEqual(viaJs.newSecondMoment);
    // And something happened: element 0 has a gradient, so it moved.
    expect(viaSimd.newValue[0]).not.toBe(viaSimd.value[0]);
  },
);
