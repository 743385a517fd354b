import { copyBox, copySlab } from '../src/kernels/strided-copy';
import { seededRandom } from './helpers';

/** Reference: walks every output element and computes its source index from scratch. */
function naiveBox(src: Float32Array, shape: number[], begin: number[], size: number[]): number[] {
  const total = size.reduce((a, d) => a * d, 1);
  const out: number[] = [];
  for (let flat = 0; flat < total; flat++) {
    let rest = flat;
    let srcIndex = 0;
    let stride = 1;
    const coords: number[] = new Array<number>(shape.length).fill(0);
    for (let d = shape.length - 1; d >= 0; d--) {
      coords[d] = rest % (size[d] as number);
      rest = Math.floor(rest / (size[d] as number));
    }
    for (let d = shape.length - 1; d >= 0; d--) {
      srcIndex += ((begin[d] as number) + (coords[d] as number)) * stride;
      stride *= shape[d] as number;
    }
    out.push(src[srcIndex] as number);
  }
  return out;
}

describe('copyBox', () => {
  it('copies a hand-worked 2-D box', () => {
    // [[0,1,2],[3,4,5],[6,7,8]], rows 1..2, columns 1..2 -> [4,5,7,8]
    const src = Float32Array.from([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    const out = new Float32Array(4);
    copyBox(src, [3, 3], [1, 1], [2, 2], out);
    expect(Array.from(out)).toEqual([4, 5, 7, 8]);
  });

  it('matches an element-by-element reference on random boxes of rank 1 to 5', () => {
    const random = seededRandom(7);
    for (let trial = 0; trial < 200; trial++) {
      const rank = 1 + Math.floor(random() * 5);
      const shape = Array.from({ length: rank }, () => 1 + Math.floor(random() * 5));
      const begin = shape.map((d) => Math.floor(random() * d));
      const size = shape.map((d, i) => Math.floor(random() * (d - (begin[i] as number) + 1)));
      // Whole trailing dimensions half the time, to exercise the merged runs.
      if (random() < 0.5) {
        for (let d = rank - 1; d > 0 && random() < 0.7; d--) {
          begin[d] = 0;
          size[d] = shape[d] as number;
        }
      }
      const total = shape.reduce((a, d) => a * d, 1);
      const src = Float32Array.from({ length: total }, (_, i) => i);
      const out = new Float32Array(size.reduce((a, d) => a * d, 1));
      copyBox(src, shape, begin, size, out);
      expect(Array.from(out)).toEqual(naiveBox(src, shape, begin, size));
    }
  });

  it('copies a scalar', () => {
    const out = new Int32Array(1);
    copyBox(Int32Array.from([42]), [], [], [], out);
    expect(out[0]).toBe(42);
  });
});

describe('copySlab', () => {
  it('takes the i-th slab along an inner axis (hand-worked)', () => {
    // shape [2,3,2] values 0..11; slab 1 along axis 1 -> [[2,3],[8,9]]
    const src = Float32Array.from({ length: 12 }, (_, i) => i);
    const out = new Float32Array(4);
    copySlab(src, [2, 3, 2], 1, 1, out);
    expect(Array.from(out)).toEqual([2, 3, 8, 9]);
  });
});
