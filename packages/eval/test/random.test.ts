import { SeededRandom } from '../src';

describe('SeededRandom', () => {
  it('repeats the same sequence for the same seed and differs for another seed', () => {
    const a = new SeededRandom(2018);
    const b = new SeededRandom(2018);
    const c = new SeededRandom(2019);
    const seqA = Array.from({ length: 8 }, () => a.nextUint32());
    const seqB = Array.from({ length: 8 }, () => b.nextUint32());
    const seqC = Array.from({ length: 8 }, () => c.nextUint32());
    expect(seqB).toEqual(seqA);
    expect(seqC).not.toEqual(seqA);
  });

  it('continues exactly from a saved state', () => {
    const original = new SeededRandom(5);
    original.permutation(50);
    const restored = SeededRandom.fromState(original.state());
    expect(Array.from(restored.permutation(30))).toEqual(Array.from(original.permutation(30)));
  });

  it('returns permutations that contain every index once', () => {
    const order = new SeededRandom(3).permutation(1000);
    const sorted = Array.from(order).sort((x, y) => x - y);
    expect(sorted).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(Array.from(order.subarray(0, 20))).not.toEqual(sorted.slice(0, 20));
  });

  it('draws integers roughly uniformly (chi-square well below the 0.1% critical value)', () => {
    const random = new SeededRandom(11);
    const counts = new Array<number>(10).fill(0);
    const draws = 20000;
    for (let i = 0; i < draws; i++) counts[random.nextInt(10)]! += 1;
    const expected = draws / 10;
    const chiSquare = counts.reduce((sum, n) => sum + (n - expected) ** 2 / expected, 0);
    expect(chiSquare).toBeLessThan(27.88); // 9 degrees of freedom, p = 0.001
  });

  it('keeps floats in [0, 1)', () => {
    const random = new SeededRandom(0);
    for (let i = 0; i < 1000; i++) {
      const v = random.nextFloat();
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThan(1);
    }
  });

  it('rejects bad seeds, bounds and states with messages naming them', () => {
    expect(() => new SeededRandom(1.5)).toThrow(/seed must be an integer, got 1.5/);
    expect(() => new SeededRandom(1).nextInt(0)).toThrow(/n must be a positive integer, got 0/);
    expect(() => SeededRandom.fromState([1, 2, 3] as never)).toThrow(
      /four unsigned 32-bit integers/,
    );
  });
});
