import { minimalSubsequencePositions, plan } from '@srnn/slicing';
import { slicingErrorOf } from './helpers';

describe('minimalSubsequencePositions', () => {
  it('lays out [s_0, l_0] with -1 for front padding (hand-worked: T = 5, SRNN(2,1))', () => {
    // l_0 = 3, padded to 6: subsequence 0 = [pad, 0, 1], subsequence 1 = [2, 3, 4].
    const positions = minimalSubsequencePositions(plan({ length: 5, slices: 2, depth: 1 }));
    expect(positions).toBeInstanceOf(Int32Array);
    expect(Array.from(positions)).toEqual([-1, 0, 1, 2, 3, 4]);
  });

  it('T = 500, SRNN(8,2): 12 padding steps, then tokens 0..499 in order', () => {
    const positions = minimalSubsequencePositions(plan({ length: 500, slices: 8, depth: 2 }));
    expect(positions).toHaveLength(512);
    expect(Array.from(positions.subarray(0, 12))).toEqual(new Array(12).fill(-1));
    // Minimal subsequence 1 holds padded steps 8..15: four pads, then tokens 0..3.
    expect(Array.from(positions.subarray(8, 16))).toEqual([-1, -1, -1, -1, 0, 1, 2, 3]);
    expect(positions[511]).toBe(499);
  });

  it('builds reference inputs from a token row', () => {
    const tokens = [11, 12, 13, 14, 15];
    const p = plan({ length: 5, slices: [2] });
    const rows = Array.from(minimalSubsequencePositions(p), (i) => (i < 0 ? 0 : tokens[i]));
    expect(rows).toEqual([0, 11, 12, 13, 14, 15]);
  });

  it('refuses a padded length beyond an Int32Array', () => {
    const error = slicingErrorOf(() =>
      minimalSubsequencePositions(plan({ length: 2 ** 31, slices: [] })),
    );
    expect(error.field).toBe('plan');
    expect(error.message).toMatch(/^plan\.paddedLength \(2147483648\) must be at most 2147483647/);
  });
});
