import { mulberry32, SeededRandom, shuffledIndices } from '../src';

describe('SeededRandom', () => {
  it('is mulberry32: its integers are the reference floats times 2^32', () => {
    const random = new SeededRandom(2018);
    // The reference sequence of mulberry32(2018) (see random.test.ts).
    expect([random.nextUint32(), random.nextUint32()]).toEqual([
      0.34892102400772274 * 2 ** 32,
      0.029196409275755286 * 2 ** 32,
    ]);
    const floats = mulberry32(9);
    const objects = new SeededRandom(9);
    expect(Array.from({ length: 5 }, () => objects.nextFloat())).toEqual(
      Array.from({ length: 5 }, floats),
    );
  });

  it('continues exactly from a saved state, which is plain JSON', () => {
    const original = new SeededRandom(5);
    original.permutation(50);
    const saved = JSON.parse(JSON.stringify(original.state())) as ReturnType<SeededRandom['state']>;
    const restored = SeededRandom.fromState(saved);
    expect(Array.from(restored.permutation(30))).toEqual(Array.from(original.permutation(30)));
  });

  it('shuffles as shuffledIndices does, and every index appears once', () => {
    const order = new SeededRandom(3).permutation(1000);
    expect(order).toEqual(shuffledIndices(1000, 3));
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

  it('rejects bad seeds, bounds and states with messages naming them', () => {
    expect(() => new SeededRandom(1.5)).toThrow(/seed must be an integer, got 1.5/);
    expect(() => new SeededRandom(1).nextInt(0)).toThrow(/n must be a positive integer, got 0/);
    expect(() => SeededRandom.fromState([1, 2, 3, 4] as never)).toThrow(
      "state must be { generator: 'mulberry32', state: an unsigned 32-bit integer }, got [1,2,3,4]",
    );
    expect(() => SeededRandom.fromState({ generator: 'mulberry32', state: 2 ** 32 })).toThrow(
      /an unsigned 32-bit integer/,
    );
  });
});
