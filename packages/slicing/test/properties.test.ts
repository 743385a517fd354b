import fc from 'fast-check';
import {
  formatSpec,
  locateToken,
  minimalSubsequencePositions,
  parseSpec,
  plan,
} from '@srnn/slicing';
import type { SlicePlan } from '@srnn/slicing';

/** A bottom-up slice list and a T it fits, from exact fits to heavy padding. */
const planInput = fc.array(fc.integer({ min: 2, max: 7 }), { maxLength: 4 }).chain((slices) => {
  const total = slices.reduce((a, b) => a * b, 1);
  return fc.record({
    slices: fc.constant(slices),
    length: fc.integer({ min: total, max: total * 6 }),
  });
});

/**
 * Reference slicing the way the paper's code does it (nested np.split): pad the row at the front,
 * split it into n_k parts, each part into n_{k-1}, ..., down to the minimal subsequences.
 * Returns the leaves in order, each with its top-down path.
 */
function nestedSplit(p: SlicePlan): { leaf: number[]; path: number[] }[] {
  const row = Array.from({ length: p.paddedLength }, (_, i) =>
    i < p.frontPadding ? -1 : i - p.frontPadding,
  );
  const leaves: { leaf: number[]; path: number[] }[] = [];
  const split = (items: number[], level: number, path: number[]): void => {
    if (level === 0) {
      leaves.push({ leaf: items, path });
      return;
    }
    const parts = p.slices[level - 1] as number;
    const size = items.length / parts;
    for (let i = 0; i < parts; i += 1) {
      split(items.slice(i * size, (i + 1) * size), level - 1, [...path, i]);
    }
  };
  split(row, p.depth, []);
  return leaves;
}

describe('properties', () => {
  it('counts multiply out: s_{p-1} = s_p * n_p, s_k = 1, s_0 * l_0 = padded length >= T', () => {
    fc.assert(
      fc.property(planInput, ({ slices, length }) => {
        const p = plan({ length, slices });
        const total = slices.reduce((a, b) => a * b, 1);
        expect(p.levels).toHaveLength(slices.length + 1);
        expect(p.levels[p.depth]?.count).toBe(1);
        for (let level = 1; level <= p.depth; level += 1) {
          const below = p.levels[level - 1];
          const current = p.levels[level];
          expect(current?.length).toBe(slices[level - 1]);
          expect(below?.count).toBe((current?.count ?? NaN) * (current?.length ?? NaN));
        }
        expect(p.levels[0]?.count).toBe(total);
        expect((p.levels[0]?.count ?? NaN) * p.minimalLength).toBe(p.paddedLength);
        // l_0 is the smallest that fits: one step less per subsequence would not hold T.
        expect(p.paddedLength).toBeGreaterThanOrEqual(length);
        expect((p.minimalLength - 1) * total).toBeLessThan(length);
        expect(p.frontPadding).toBe(p.paddedLength - length);
        expect(p.sequentialDepth).toBe(p.minimalLength + slices.reduce((a, b) => a + b, 0));
      }),
    );
  });

  it('every token lands in exactly one minimal subsequence, in order, as nested splitting puts it', () => {
    fc.assert(
      fc.property(planInput, ({ slices, length }) => {
        const p = plan({ length, slices });
        const total = p.levels[0]?.count ?? NaN;
        const positions = Array.from(minimalSubsequencePositions(p));
        const leaves = nestedSplit(p);
        expect(leaves).toHaveLength(total);
        expect(leaves.flatMap(({ leaf }) => leaf)).toEqual(positions);
        // Padding first, then each token once, in input order.
        expect(positions.slice(0, p.frontPadding).every((i) => i === -1)).toBe(true);
        expect(positions.slice(p.frontPadding)).toEqual(Array.from({ length }, (_, i) => i));
        // Where nested splitting put each token, against where locateToken says it is.
        const expected: unknown[] = [];
        for (const [j, { leaf, path }] of leaves.entries()) {
          expect(leaf).toHaveLength(p.minimalLength);
          leaf.forEach((position, offset) => {
            if (position < 0) return;
            expected.push({
              position,
              paddedPosition: j * p.minimalLength + offset,
              path: [...path, offset],
              sequenceIndices: p.levels.map((level) => Math.floor((j * level.count) / total)),
            });
          });
        }
        const located = Array.from({ length }, (_, position) => locateToken(p, position));
        expect(JSON.stringify(located)).toBe(JSON.stringify(expected));
      }),
    );
  });

  it('parseSpec(formatSpec(x)) gives x back, and formatSpec is canonical', () => {
    const slices = fc.oneof(
      fc.array(fc.integer({ min: 2, max: 1000 }), { maxLength: 5 }),
      fc
        .record({ n: fc.integer({ min: 2, max: 64 }), k: fc.integer({ min: 1, max: 8 }) })
        .map(({ n, k }) => new Array<number>(k).fill(n)),
    );
    fc.assert(
      fc.property(slices, (list) => {
        const name = formatSpec(list);
        expect(parseSpec(name)).toEqual({ slices: list });
        expect(formatSpec(parseSpec(name).slices)).toBe(name);
      }),
    );
  });

  it('parseSpec ignores any whitespace between the parts of a name', () => {
    const space = fc.stringMatching(/^[ \t\n]{0,3}$/);
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 2, max: 99 }), { maxLength: 4 }),
        fc.array(space, { minLength: 12, maxLength: 12 }),
        fc.boolean(),
        (list, gaps, lowerCase) => {
          const gap = (i: number) => gaps[i % gaps.length] ?? '';
          const numbers = list.map((n, i) => `${gap(i + 3)}${n}${gap(i + 4)}`).join(',');
          const head = lowerCase ? 'srnn' : 'SRNN';
          const spec = `${gap(0)}${head}${gap(1)}[${numbers || gap(2)}]${gap(11)}`;
          expect(parseSpec(spec)).toEqual({ slices: list });
        },
      ),
    );
  });
});
