import { locateToken, plan } from '@srnn/slicing';
import { slicingErrorOf } from './helpers';

describe('locateToken', () => {
  it('places every token of the paper’s T = 8, SRNN(2,2) example (hand-worked)', () => {
    // Minimal subsequences [0,1] [2,3] [4,5] [6,7]; level-1 sequences group them in pairs.
    const p = plan({ length: 8, slices: 2, depth: 2 });
    const expected: [number, number[], number[]][] = [
      [0, [0, 0, 0], [0, 0, 0]],
      [1, [0, 0, 1], [0, 0, 0]],
      [2, [0, 1, 0], [1, 0, 0]],
      [3, [0, 1, 1], [1, 0, 0]],
      [4, [1, 0, 0], [2, 1, 0]],
      [5, [1, 0, 1], [2, 1, 0]],
      [6, [1, 1, 0], [3, 1, 0]],
      [7, [1, 1, 1], [3, 1, 0]],
    ];
    for (const [position, path, sequenceIndices] of expected) {
      expect(locateToken(p, position)).toEqual({
        position,
        paddedPosition: position,
        path,
        sequenceIndices,
      });
    }
  });

  it('shifts by the front padding: T = 500, SRNN(8,2) pads 12', () => {
    const p = plan({ length: 500, slices: 8, depth: 2 });
    // padded 12 = minimal subsequence 1 (positions 8..15), offset 4.
    expect(locateToken(p, 0)).toEqual({
      position: 0,
      paddedPosition: 12,
      path: [0, 1, 4],
      sequenceIndices: [1, 0, 0],
    });
    // padded 511 is the last step of everything.
    expect(locateToken(p, 499)).toEqual({
      position: 499,
      paddedPosition: 511,
      path: [7, 7, 7],
      sequenceIndices: [63, 7, 0],
    });
  });

  it('follows a per-level list bottom-up: T = 100, [8, 4, 2]', () => {
    // front padding 28, l_0 = 2; padded 28 + 50 = 78 -> j = 39, offset 0;
    // 39 = 4 * 8 + 7 -> step 7 of level-1 sequence 4; 4 = 1 * 4 + 0 -> step 0 of level-2
    // sequence 1; 1 -> step 1 of the top sequence.
    expect(locateToken(plan({ length: 100, slices: [8, 4, 2] }), 50)).toEqual({
      position: 50,
      paddedPosition: 78,
      path: [1, 0, 7, 0],
      sequenceIndices: [39, 4, 1, 0],
    });
  });

  it('with no slicing, the path is the position itself', () => {
    expect(locateToken(plan({ length: 5, slices: [] }), 3)).toEqual({
      position: 3,
      paddedPosition: 3,
      path: [3],
      sequenceIndices: [0],
    });
  });

  it.each([-1, 8, 1.5, NaN])('rejects position %p outside 0..T-1', (position) => {
    const error = slicingErrorOf(() => locateToken(plan({ length: 8, slices: [2] }), position));
    expect(error.field).toBe('position');
    expect(error.message).toBe(`position: must be an integer from 0 to 7, got ${position}`);
  });

  it('rejects a hand-made plan whose fields disagree', () => {
    const p = { ...plan({ length: 8, slices: [2] }), minimalLength: 3 };
    expect(slicingErrorOf(() => locateToken(p, 0)).field).toBe('plan');
  });
});
