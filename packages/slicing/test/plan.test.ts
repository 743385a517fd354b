import { SlicingError, plan } from '@srnn/slicing';
import { slicingErrorOf } from './helpers';

/** [count, length] of every level, bottom-up, for compact comparisons. */
function shape(p: ReturnType<typeof plan>): [number, number][] {
  return p.levels.map((level) => [level.count, level.length]);
}

describe('plan: the paper’s examples', () => {
  it('T = 8, n = 2, k = 2 (figure 2): 4 minimal subsequences of length 2, then 2, then 1', () => {
    const p = plan({ length: 8, slices: 2, depth: 2 });
    expect(p.levels).toEqual([
      { level: 0, count: 4, length: 2 },
      { level: 1, count: 2, length: 2 },
      { level: 2, count: 1, length: 2 },
    ]);
    expect(p).toMatchObject({
      length: 8,
      paddedLength: 8,
      frontPadding: 0,
      slices: [2, 2],
      depth: 2,
      minimalLength: 2,
      sequentialDepth: 6,
      name: 'SRNN(2,2)',
    });
  });

  it('SRNN(8,2) at T = 512: l_0 = 8 and sequential depth 8 + 8 + 8 = 24', () => {
    const p = plan({ length: 512, slices: 8, depth: 2 });
    expect(p.minimalLength).toBe(8);
    expect(p.sequentialDepth).toBe(24);
    expect(shape(p)).toEqual([
      [64, 8],
      [8, 8],
      [1, 8],
    ]);
  });

  it('SRNN(16,1): l_0 = 32 at T = 512 and 16 at T = 256', () => {
    expect(plan({ length: 512, slices: 16, depth: 1 }).minimalLength).toBe(32);
    expect(plan({ length: 256, slices: 16, depth: 1 }).minimalLength).toBe(16);
  });

  it('SRNN(2,8) at T = 512 and SRNN(2,7) at T = 256 (Amazon) both give l_0 = 2', () => {
    const yelp = plan({ length: 512, slices: 2, depth: 8 });
    const amazon = plan({ length: 256, slices: 2, depth: 7 });
    expect(yelp.minimalLength).toBe(2);
    expect(amazon.minimalLength).toBe(2);
    expect(yelp.levels[0]).toEqual({ level: 0, count: 256, length: 2 });
    expect(amazon.levels[0]).toEqual({ level: 0, count: 128, length: 2 });
    expect(yelp.sequentialDepth).toBe(2 + 8 * 2);
  });

  it('SRNN(4,3) at T = 512: 64 minimal subsequences of length 8', () => {
    expect(shape(plan({ length: 512, slices: 4, depth: 3 }))).toEqual([
      [64, 8],
      [16, 4],
      [4, 4],
      [1, 4],
    ]);
  });

  it('table 3: SRNN(8,3) at T = 4096 and SRNN(8,4) at T = 32768 keep l_0 = 8', () => {
    expect(plan({ length: 4096, slices: 8, depth: 3 }).sequentialDepth).toBe(32);
    expect(plan({ length: 32768, slices: 8, depth: 4 }).minimalLength).toBe(8);
  });

  it('pads a non-divisible T at the front: T = 500 with SRNN(8,2) pads 12 to 512', () => {
    const p = plan({ length: 500, slices: 8, depth: 2 });
    expect(p).toMatchObject({ paddedLength: 512, frontPadding: 12, minimalLength: 8 });
  });
});

describe('plan: other forms', () => {
  it('k = 0 is the standard RNN: one sequence of length T, T sequential steps', () => {
    for (const p of [plan({ length: 37, slices: [] }), plan({ length: 37, slices: 8, depth: 0 })]) {
      expect(p).toEqual({
        length: 37,
        paddedLength: 37,
        frontPadding: 0,
        slices: [],
        depth: 0,
        minimalLength: 37,
        levels: [{ level: 0, count: 1, length: 37 }],
        sequentialDepth: 37,
        name: 'SRNN[]',
      });
    }
  });

  it('a per-level list is read bottom-up (hand-worked: T = 100, [8, 4, 2])', () => {
    // product 64, l_0 = ceil(100 / 64) = 2, padded 128; s_0 = 64, s_1 = 4 * 2, s_2 = 2, s_3 = 1.
    const p = plan({ length: 100, slices: [8, 4, 2] });
    expect(shape(p)).toEqual([
      [64, 2],
      [8, 8],
      [2, 4],
      [1, 2],
    ]);
    expect(p).toMatchObject({ paddedLength: 128, frontPadding: 28, depth: 3, sequentialDepth: 16 });
    expect(p.name).toBe('SRNN[8,4,2]');
  });

  it('accepts a depth that matches the list, and a product equal to T (l_0 = 1)', () => {
    const p = plan({ length: 8, slices: [2, 2, 2], depth: 3 });
    expect(p.minimalLength).toBe(1);
    expect(p.levels[0]).toEqual({ level: 0, count: 8, length: 1 });
  });

  it('a uniform list is named like the uniform form', () => {
    expect(plan({ length: 512, slices: [8, 8] }).name).toBe('SRNN(8,2)');
  });

  it('copies the slices list, so later edits to the input do not change the plan', () => {
    const slices = [4, 2];
    const p = plan({ length: 16, slices });
    slices[0] = 99;
    expect(p.slices).toEqual([4, 2]);
  });
});

describe('plan: invalid input names the field and the valid range', () => {
  const cases: [string, unknown, string, string][] = [
    ['T = 0', { length: 0, slices: [] }, 'length', 'length: must be an integer >= 1, got 0'],
    [
      'fractional T',
      { length: 2.5, slices: [] },
      'length',
      'length: must be an integer >= 1, got 2.5',
    ],
    ['T = NaN', { length: NaN, slices: [] }, 'length', 'length: must be an integer >= 1, got NaN'],
    [
      'T as a string',
      { length: '8', slices: [] },
      'length',
      'length: must be an integer >= 1, got "8"',
    ],
    [
      'T beyond the safe integers',
      { length: 2 ** 60, slices: [] },
      'length',
      `length: must be an integer from 1 to ${Number.MAX_SAFE_INTEGER}, got ${2 ** 60}`,
    ],
    [
      'a slice number of 1 in a list',
      { length: 64, slices: [8, 1] },
      'slices[1]',
      'slices[1]: must be an integer >= 2, got 1',
    ],
    [
      'a fractional slice number',
      { length: 64, slices: 2.5, depth: 1 },
      'slices',
      'slices: must be an integer >= 2, got 2.5',
    ],
    [
      'a missing depth',
      { length: 64, slices: 8 },
      'depth',
      'depth is required when slices is a number, e.g. { slices: 8, depth: 2 } for SRNN(8,2)',
    ],
    [
      'a negative depth',
      { length: 64, slices: 8, depth: -1 },
      'depth',
      'depth: must be an integer >= 0, got -1',
    ],
    [
      'a depth that contradicts the list',
      { length: 64, slices: [4, 4], depth: 3 },
      'depth',
      'depth (3) must equal the number of slices (2) when slices is a list, or be left out',
    ],
    [
      'a product above T',
      { length: 10, slices: [8, 8] },
      'slices',
      'product of slices (64) exceeds length (10): l_0 would be 0; use fewer or smaller slices, e.g. SRNN(3,2)',
    ],
    [
      'a product above T = 1',
      { length: 1, slices: 2, depth: 1 },
      'slices',
      'product of slices (2) exceeds length (1): l_0 would be 0; use fewer or smaller slices, e.g. no slicing (slices: [])',
    ],
  ];

  it.each(cases)('%s', (_label, input, field, message) => {
    const error = slicingErrorOf(() => plan(input as never));
    expect(error).toBeInstanceOf(SlicingError);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('SlicingError');
    expect(error.field).toBe(field);
    expect(error.message).toBe(message);
  });

  it('rejects a name where slice numbers are expected, pointing at parseSpec', () => {
    const error = slicingErrorOf(() => plan({ length: 512, slices: 'SRNN(8,2)' } as never));
    expect(error.field).toBe('slices');
    expect(error.message).toMatch(/integer >= 2 or a bottom-up list.*parseSpec/);
  });

  it('rejects a huge uniform depth without building it (2^(10^9) > T)', () => {
    const error = slicingErrorOf(() => plan({ length: 10, slices: 2, depth: 1e9 }));
    expect(error.field).toBe('slices');
    expect(error.message).toMatch(/^product of slices \(more than 9007199254740991\) exceeds/);
    expect(error.message).toMatch(/e\.g\. SRNN\(2,3\)$/);
  });

  it('rejects a missing slices field, an unknown field and a non-object', () => {
    expect(slicingErrorOf(() => plan({ length: 8 } as never)).field).toBe('slices');
    const typo = slicingErrorOf(() => plan({ length: 8, slice: 2, depth: 1 } as never));
    expect(typo.field).toBe('input');
    expect(typo.message).toBe("unknown field 'slice'; valid fields: length, slices, depth");
    const nothing = slicingErrorOf(() => plan(undefined as never));
    expect(nothing.field).toBe('input');
    expect(nothing.message).toBe(
      'input: must be an object { length, slices, depth? }, got undefined',
    );
  });
});

describe('plan: the limits of exact arithmetic', () => {
  it('plans a T near the safe-integer limit exactly when the product divides it', () => {
    // 2^53 - 2 is even, so [2] splits it exactly into two halves of 2^52 - 1.
    const p = plan({ length: Number.MAX_SAFE_INTEGER - 1, slices: [2] });
    expect(p.minimalLength).toBe(2 ** 52 - 1);
    expect(p.frontPadding).toBe(0);
  });

  it('refuses a padded length beyond the safe integers (2^53 - 1 padded to 2^53)', () => {
    const error = slicingErrorOf(() => plan({ length: Number.MAX_SAFE_INTEGER, slices: [2] }));
    expect(error.field).toBe('length');
    expect(error.message).toMatch(/beyond the largest safe integer \(9007199254740991\)/);
  });
});

it('lists every unknown field at once', () => {
  const error = slicingErrorOf(() => plan({ length: 8, slices: [2], size: 1, k: 2 } as never));
  expect(error.message).toBe("unknown fields 'size', 'k'; valid fields: length, slices, depth");
});
