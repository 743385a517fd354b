import { mulberry32, shuffledIndices } from '@srnn/random';
import { contiguousSplit, splitIndices } from '../src/split';

describe('mulberry32', () => {
  it('matches values computed by an independent implementation (Python, explicit 32-bit masks)', () => {
    const one = mulberry32(1);
    expect([one(), one()]).toEqual([0.6270739405881613, 0.002735721180215478]);
    const paper = mulberry32(2018);
    expect([paper(), paper(), paper()]).toEqual([
      0.34892102400772274, 0.029196409275755286, 0.370916863437742,
    ]);
  });
});

describe('shuffledIndices', () => {
  it('gives the Fisher-Yates order computed independently for n = 10, seed 2018', () => {
    expect(Array.from(shuffledIndices(10, 2018))).toEqual([7, 9, 1, 8, 4, 5, 6, 2, 0, 3]);
  });

  it('is a permutation', () => {
    const order = Array.from(shuffledIndices(1000, 7)).sort((a, b) => a - b);
    expect(order).toEqual(Array.from({ length: 1000 }, (_, i) => i));
  });
});

describe('splitIndices', () => {
  it("cuts 80/10/10 with the paper code's rounding: dev and test floor(n/10), train the rest", () => {
    const split = splitIndices(468_608);
    expect([split.train.length, split.dev.length, split.test.length]).toEqual([
      374_888, 46_860, 46_860,
    ]);
  });

  it('partitions 0..n-1 and is the same on every call', () => {
    const a = splitIndices(101, [0.6, 0.2, 0.2], 5);
    const b = splitIndices(101, [0.6, 0.2, 0.2], 5);
    expect(a).toEqual(b);
    const all = [...a.train, ...a.dev, ...a.test].sort((x, y) => x - y);
    expect(all).toEqual(Array.from({ length: 101 }, (_, i) => i));
    expect([a.train.length, a.dev.length, a.test.length]).toEqual([61, 20, 20]);
  });

  it('changes with the seed', () => {
    expect(Array.from(splitIndices(50, undefined, 1).train)).not.toEqual(
      Array.from(splitIndices(50, undefined, 2).train),
    );
  });

  it('rejects fractions that do not add up to 1, naming the field', () => {
    expect(() => splitIndices(10, [0.8, 0.1, 0.2])).toThrow(
      /fractions: train, dev and test fractions must add up to 1/,
    );
    expect(() => splitIndices(-1)).toThrow(/splitIndices: n/);
  });
});

describe('contiguousSplit', () => {
  it('lays the parts out one after the other', () => {
    const split = contiguousSplit(3, 1, 2);
    expect([Array.from(split.train), Array.from(split.dev), Array.from(split.test)]).toEqual([
      [0, 1, 2],
      [3],
      [4, 5],
    ]);
  });
});
