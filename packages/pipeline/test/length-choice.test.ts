import { chooseLength, overPaddedShare } from '../src';

describe('chooseLength', () => {
  test('the 95th percentile (nearest rank) rounded up to a power of two, with the first plan', () => {
    // 20 documents: 19 of 1..19 words and one of 300; the 19th smallest (95% of 20) is 19 words.
    const lengths = [...Array.from({ length: 19 }, (_, i) => i + 1), 300];
    const choice = chooseLength(lengths);
    expect(choice.percentileTokens).toBe(19);
    expect(choice.maxLength).toBe(32);
    // T = 32, sequential steps T / n^k + k n: SRNN(4,1) 8 + 4 = 12, SRNN(8,1) 4 + 8 = 12,
    // SRNN(2,2) 8 + 4 = 12, SRNN(2,5) 1 + 10 = 11, and 10 for SRNN(4,2) (2 + 8), SRNN(2,3)
    // (4 + 6) and SRNN(2,4) (2 + 8), none padded; the tie goes to the fewest levels: SRNN(4,2).
    expect(choice.spec).toBe('SRNN(4,2)');
    expect(choice.reason).toContain(
      '95% of the 20 training documents measured have at most 19 words',
    );
  });

  test('bounded to 8..512 and raised to fill a given slicing', () => {
    expect(chooseLength([1, 2, 3]).maxLength).toBe(8);
    expect(chooseLength(new Array(10).fill(5000)).maxLength).toBe(512);
    const raised = chooseLength([3, 4, 5], { minimumLength: 64 });
    expect(raised.maxLength).toBe(64);
    expect(raised.reason).toContain('raised to 64');
  });
});

test('overPaddedShare counts rows holding tokens that are over factor times as long', () => {
  // Rows of 8: one token (8 > 4), two tokens (8 = 4 * 2: not over), empty (not counted).
  const x = new Int32Array([
    0, 0, 0, 0, 0, 0, 0, 5, 0, 0, 0, 0, 0, 0, 3, 4, 0, 0, 0, 0, 0, 0, 0, 0,
  ]);
  const y = new Int32Array(3);
  expect(overPaddedShare({ x, shape: [3, 8], y })).toBeCloseTo(1 / 3);
  // As rows of a shared matrix: the two-token row twice and the one-token row once.
  const rows = Int32Array.from([1, 0, 1]);
  expect(overPaddedShare({ x: Uint16Array.from(x), shape: [3, 8], y, rows })).toBeCloseTo(1 / 3);
  const two = { x, shape: [2, 8] as const, y: y.subarray(0, 2) };
  expect(overPaddedShare({ ...two, rows: Int32Array.from([1, 1]) })).toBe(0);
  expect(overPaddedShare({ ...two, rows: Int32Array.from([0, 2]) })).toBe(1 / 2);
});
