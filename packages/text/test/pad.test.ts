import fc from 'fast-check';
import { padInto, padSequences } from '@srnn/text';

const sequences = [[1, 2, 3], [4, 5], [6]];

describe('padSequences (hand-worked Keras pad_sequences results)', () => {
  it('defaults: maxLen = longest, pre-padding with 0', () => {
    const { data, shape } = padSequences(sequences);
    expect(shape).toEqual([3, 3]);
    expect(data).toBeInstanceOf(Int32Array);
    expect([...data]).toEqual([1, 2, 3, 0, 4, 5, 0, 0, 6]);
  });

  it('post-padding', () => {
    expect([...padSequences(sequences, { padding: 'post' }).data]).toEqual([
      1, 2, 3, 4, 5, 0, 6, 0, 0,
    ]);
  });

  it('truncating pre keeps the last tokens, post keeps the first', () => {
    expect([...padSequences(sequences, { maxLen: 2 }).data]).toEqual([2, 3, 4, 5, 0, 6]);
    expect([...padSequences(sequences, { maxLen: 2, truncating: 'post' }).data]).toEqual([
      1, 2, 4, 5, 0, 6,
    ]);
    expect([
      ...padSequences(sequences, { maxLen: 2, truncating: 'post', padding: 'post' }).data,
    ]).toEqual([1, 2, 4, 5, 6, 0]);
  });

  it('pads with a given value', () => {
    expect([...padSequences(sequences, { value: -1 }).data]).toEqual([
      1, 2, 3, -1, 4, 5, -1, -1, 6,
    ]);
  });

  it('handles empty sequences, no sequences and maxLen 0', () => {
    expect([...padSequences([[], [7]]).data]).toEqual([0, 7]);
    expect(padSequences([])).toEqual({ data: new Int32Array(0), shape: [0, 0] });
    expect(padSequences([], { maxLen: 5 }).shape).toEqual([0, 5]);
    expect(padSequences([[1, 2]], { maxLen: 0 })).toEqual({
      data: new Int32Array(0),
      shape: [1, 0],
    });
  });

  it('accepts typed arrays', () => {
    const { data } = padSequences([Int32Array.of(9, 8, 7), Uint16Array.of(5)], { maxLen: 2 });
    expect([...data]).toEqual([8, 7, 0, 5]);
  });

  it('rejects bad options and ids with messages naming them', () => {
    expect(() => padSequences(sequences, { padding: 'left' as 'pre' })).toThrow(
      /padding: must be 'pre' or 'post', got "left"/,
    );
    expect(() => padSequences(sequences, { truncating: 'end' as 'pre' })).toThrow(
      /truncating: must be 'pre' or 'post'/,
    );
    expect(() => padSequences(sequences, { maxLen: -1 })).toThrow(
      /maxLen: must be an integer >= 0 or null, got -1/,
    );
    expect(() => padSequences(sequences, { maxLen: 2.5 })).toThrow(
      /maxLen: must be an integer >= 0/,
    );
    expect(() => padSequences(sequences, { value: 0.5 })).toThrow(/value: must be an integer in/);
    expect(() => padSequences(sequences, { maxlen: 3 } as object)).toThrow(
      /unknown field 'maxlen'; valid fields: maxLen, padding, truncating, value/,
    );
    expect(() => padSequences([[1, 1.5]])).toThrow(/sequences\[0\] holds 1.5 at position 1/);
    expect(() => padSequences([[1], 5 as unknown as number[]])).toThrow(
      /sequences\[1\] must be an array/,
    );
  });
});

describe('padInto', () => {
  it('writes one row and returns the number of real tokens', () => {
    const matrix = new Int32Array(8).fill(99);
    expect(padInto([1, 2, 3], matrix.subarray(0, 4))).toBe(3);
    expect(
      padInto([1, 2, 3, 4, 5, 6], matrix.subarray(4, 8), { truncating: 'post', padding: 'post' }),
    ).toBe(4);
    expect([...matrix]).toEqual([0, 1, 2, 3, 1, 2, 3, 4]);
  });

  it('rejects a row that is not an Int32Array', () => {
    expect(() => padInto([1], [0, 0] as unknown as Int32Array)).toThrow(
      /row must be an Int32Array/,
    );
  });
});

// Reference written the Keras way: s[-maxlen:] or s[:maxlen], then placed at the end or the start.
function referenceRow(
  s: number[],
  maxLen: number,
  padding: string,
  truncating: string,
  value: number,
): number[] {
  const kept = maxLen === 0 ? [] : truncating === 'pre' ? s.slice(-maxLen) : s.slice(0, maxLen);
  const fill = new Array<number>(maxLen - kept.length).fill(value);
  return padding === 'pre' ? [...fill, ...kept] : [...kept, ...fill];
}

describe('padSequences properties', () => {
  const side = fc.constantFrom('pre' as const, 'post' as const);
  const id = fc.integer({ min: -5, max: 1000 });

  it('every row has maxLen entries and equals the Keras-style reference; padInto agrees', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(id, { maxLength: 12 }), { maxLength: 8 }),
        fc.option(fc.integer({ min: 0, max: 15 }), { nil: undefined }),
        side,
        side,
        fc.integer({ min: -3, max: 3 }),
        (seqs, maxLen, padding, truncating, value) => {
          const { data, shape } = padSequences(seqs, { maxLen, padding, truncating, value });
          const width = maxLen ?? Math.max(0, ...seqs.map((s) => s.length));
          expect(shape).toEqual([seqs.length, width]);
          expect(data.length).toBe(seqs.length * width);
          seqs.forEach((s, r) => {
            const row = [...data.subarray(r * width, (r + 1) * width)];
            expect(row).toEqual(referenceRow(s, width, padding, truncating, value));
            const single = new Int32Array(width);
            expect(padInto(s, single, { padding, truncating, value })).toBe(
              Math.min(s.length, width),
            );
            expect([...single]).toEqual(row);
          });
        },
      ),
    );
  });
});
