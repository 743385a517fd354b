import { randomTokenBatch } from '../src';

describe('randomTokenBatch', () => {
  it('fills ids in [1, vocabulary) and labels in [0, classes), the same for the same seed', () => {
    const a = randomTokenBatch(3, 5, 4, 2, 7);
    expect(a.shape).toEqual([3, 5]);
    expect(a.x).toHaveLength(15);
    expect(a.y).toHaveLength(3);
    expect(Array.from(a.x).every((id) => id >= 1 && id < 4)).toBe(true);
    expect(Array.from(a.y).every((label) => label === 0 || label === 1)).toBe(true);
    // Every id of a small vocabulary shows up in a large batch: the generator covers the range.
    expect(new Set(randomTokenBatch(10, 50, 4, 2, 7).x)).toEqual(new Set([1, 2, 3]));
    expect(randomTokenBatch(3, 5, 4, 2, 7)).toEqual(a);
    expect(randomTokenBatch(3, 5, 4, 2, 8).x).not.toEqual(a.x);
  });

  it('names the bad argument', () => {
    expect(() => randomTokenBatch(2, 3, 1, 2, 0)).toThrow(
      'randomTokenBatch: vocabulary must be an integer >= 2, got 1',
    );
  });
});
