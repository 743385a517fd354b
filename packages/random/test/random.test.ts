import { mulberry32, shuffledIndices, standardNormal } from '../src';

describe('mulberry32', () => {
  it('gives the reference sequence (the same algorithm in 64-bit Python integer arithmetic)', () => {
    const random = mulberry32(2018);
    expect([random(), random(), random()]).toEqual([
      0.34892102400772274, 0.029196409275755286, 0.370916863437742,
    ]);
  });

  it('stays in [0, 1) and depends on the seed', () => {
    const random = mulberry32(7);
    for (let i = 0; i < 10000; i++) {
      const x = random();
      expect(x >= 0 && x < 1).toBe(true);
    }
    expect(mulberry32(1)()).not.toBe(mulberry32(2)());
  });
});

describe('shuffledIndices', () => {
  it('is a permutation fixed by the seed', () => {
    const order = shuffledIndices(1000, 5);
    expect([...order].sort((a, b) => a - b)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(shuffledIndices(1000, 5)).toEqual(order);
    expect(shuffledIndices(1000, 6)).not.toEqual(order);
    expect(shuffledIndices(0, 1)).toEqual(new Int32Array(0));
  });
});

describe('standardNormal', () => {
  it('has mean 0 and variance 1 over many draws', () => {
    const draw = standardNormal(mulberry32(3));
    const n = 40000;
    const xs = Array.from({ length: n }, draw);
    const mean = xs.reduce((a, b) => a + b, 0) / n;
    const variance = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / n;
    // Standard errors: 1/sqrt(n) = 0.005 for the mean, about 0.007 for the variance.
    expect(Math.abs(mean)).toBeLessThan(0.025);
    expect(Math.abs(variance - 1)).toBeLessThan(0.035);
  });
});
