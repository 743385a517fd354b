import { accumulateSegments, planSegmentSum } from '../src/kernels/segment-sum';

describe('planSegmentSum', () => {
  it('derives the output shape and loop sizes for 1-D ids', () => {
    expect(planSegmentSum([5, 3, 2], [5], 4)).toEqual({
      outShape: [4, 3, 2],
      rows: 5,
      idsPerRow: 1,
      innerSize: 6,
      numSegments: 4,
    });
  });

  it('derives loop sizes for ids of rank 2', () => {
    expect(planSegmentSum([2, 3, 4], [2, 3], 5)).toMatchObject({
      outShape: [5, 3, 4],
      idsPerRow: 3,
      innerSize: 4,
    });
  });

  it('rejects ids whose shape is not a leading part of x', () => {
    expect(() => planSegmentSum([4, 3], [3], 2)).toThrow(
      "segmentIds shape [3] must be a leading part of x's shape [4,3]",
    );
    expect(() => planSegmentSum([4], [4, 1], 2)).toThrow('leading part');
  });

  it('rejects a negative or fractional numSegments', () => {
    expect(() => planSegmentSum([2], [2], -1)).toThrow(
      'numSegments must be a non-negative integer',
    );
    expect(() => planSegmentSum([2], [2], 1.5)).toThrow('got 1.5');
  });
});

describe('accumulateSegments', () => {
  it('adds rows into their segments, skipping ids out of range (hand-worked)', () => {
    // rows: [1,2] -> 0, [3,4] -> -1 (skipped), [5,6] -> 2, [7,8] -> 0, [9,10] -> 3 (skipped)
    const x = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    const ids = [0, -1, 2, 0, 3];
    const plan = planSegmentSum([5, 2], [5], 3);
    const out = new Float32Array(6);
    accumulateSegments(plan, x, ids, out);
    expect(Array.from(out)).toEqual([8, 10, 0, 0, 5, 6]);
  });

  it('sums over the first axis only for rank-2 ids, as the cpu kernel does (hand-worked)', () => {
    // x = [[1,2],[3,4]], ids = [[0,1],[1,1]]: segment 0 gets x[0,0] in column 0;
    // segment 1 gets x[1,0] in column 0 and x[0,1] + x[1,1] in column 1.
    const plan = planSegmentSum([2, 2], [2, 2], 2);
    const out = new Float32Array(4);
    accumulateSegments(plan, [1, 2, 3, 4], [0, 1, 1, 1], out);
    expect(Array.from(out)).toEqual([1, 0, 3, 6]);
  });

  it('leaves the output at zero for empty input', () => {
    const plan = planSegmentSum([0, 3], [0], 2);
    const out = new Float32Array(6);
    accumulateSegments(plan, [], [], out);
    expect(Array.from(out)).toEqual([0, 0, 0, 0, 0, 0]);
  });
});
