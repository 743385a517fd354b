// The ragged ids writer: memory follows the ids written, whatever the worst case of the rows
// announced, and ids past what one buffer may hold are refused with what to change.
import { RaggedIdsWriter } from '../src/ragged-ids';

/** Appends a row of `ids` (the writer's window is longer; the rest is left for the next row). */
const row = (ids: number[]) => (window: { set(a: ArrayLike<number>): void }) => {
  window.set(ids);
  return ids.length;
};

describe('RaggedIdsWriter', () => {
  it('takes rows whose worst case passes 4 GiB (3 rows of up to 1e9 ids; 1.1M rows of up to 1,000)', () => {
    const writer = new RaggedIdsWriter(3, 1_000_000_000, true);
    writer.append(row([5, 6]));
    writer.append(row([]));
    writer.append(row([7]));
    const { x, offsets } = writer.finish();
    expect(Array.from(x)).toEqual([5, 6, 7]);
    expect(Array.from(offsets)).toEqual([0, 2, 2, 3]);
    expect(() => new RaggedIdsWriter(1_100_000, 1000, true)).not.toThrow();
  });

  it('refuses ids past the most a buffer may hold, naming the row and what to change', () => {
    // 64 bytes: 16 Int32 ids; windows of 4 ids, so the fourth row's window is the last that fits.
    const writer = new RaggedIdsWriter(10, 4, true, 64);
    for (let r = 0; r < 4; r += 1) writer.append(row([1, 2, 3, 4]));
    expect(() => writer.append(row([1]))).toThrow(
      'the token ids pass 64 bytes at row 5 of 10 (Int32 ids, up to 4 a row), more than one buffer may hold here: use a shorter maximum length or a smaller vocabulary (Uint16 ids up to 65,535 words), or split the data',
    );
  });
});
