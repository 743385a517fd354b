// The README's example, run as written.
import { SeededRandom, mulberry32, shuffledIndices, standardNormal } from '../src';

it('runs the README example with the values it states', () => {
  const random = mulberry32(2018);
  expect(random()).toBe(0.34892102400772274);
  const order = shuffledIndices(5, 2018);
  expect(order).toBeInstanceOf(Int32Array);
  expect([...order].sort()).toEqual([0, 1, 2, 3, 4]);
  expect(Number.isFinite(standardNormal(mulberry32(1))())).toBe(true);

  const batches = new SeededRandom(2018);
  expect(batches.permutation(5)).toEqual(shuffledIndices(5, 2018));
  const saved = batches.state();
  expect(saved).toEqual({ generator: 'mulberry32', state: expect.any(Number) });
  expect(SeededRandom.fromState(saved).nextInt(10)).toBe(batches.nextInt(10));
});
