/**
 * A small seeded pseudo-random generator for batching and shuffling.
 *
 * Algorithm: sfc32 (Chris Doty-Humphrey's Small Fast Counting generator, 128-bit state, period at
 * least 2^32), seeded through SplitMix32 so that nearby seeds give unrelated streams. Its whole
 * state is four unsigned 32-bit integers, which is what a checkpoint stores to resume the exact
 * same sequence. It is not cryptographic.
 */
export type RandomState = readonly [number, number, number, number];

/** Seeded generator whose state can be saved and restored. */
export class SeededRandom {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  /** @param seed any integer; the same seed always yields the same sequence. */
  constructor(seed: number) {
    if (!Number.isInteger(seed)) {
      throw new Error(`SeededRandom: seed must be an integer, got ${String(seed)}`);
    }
    let x = seed >>> 0;
    const splitMix = (): number => {
      x = (x + 0x9e3779b9) >>> 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = splitMix();
    this.b = splitMix();
    this.c = splitMix();
    this.d = splitMix();
    // Discard the first outputs, as sfc32's authors recommend, to mix the seeded state.
    for (let i = 0; i < 12; i++) this.nextUint32();
  }

  /** Rebuilds a generator from {@link SeededRandom.state}. */
  static fromState(state: RandomState): SeededRandom {
    const random = new SeededRandom(0);
    random.setState(state);
    return random;
  }

  /** The current state; restoring it continues the sequence exactly from here. */
  state(): RandomState {
    return [this.a, this.b, this.c, this.d];
  }

  /** Replaces the state with one returned by {@link SeededRandom.state}. */
  setState(state: RandomState): void {
    if (state.length !== 4 || !state.every((v) => Number.isInteger(v) && v >= 0 && v < 2 ** 32)) {
      throw new Error(
        `SeededRandom: state must be four unsigned 32-bit integers, got ${JSON.stringify(state)}`,
      );
    }
    [this.a, this.b, this.c, this.d] = state;
  }

  /** Next unsigned 32-bit integer. */
  nextUint32(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
    this.d = (this.d + 1) >>> 0;
    this.a = (this.b ^ (this.b >>> 9)) >>> 0;
    this.b = (this.c + (this.c << 3)) >>> 0;
    this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0;
    this.c = (this.c + t) >>> 0;
    return t;
  }

  /** Uniform float in [0, 1) with 53 random bits (two draws). */
  nextFloat(): number {
    const high = this.nextUint32() >>> 5; // 27 bits
    const low = this.nextUint32() >>> 6; // 26 bits
    return (high * 67108864 + low) / 9007199254740992;
  }

  /** Uniform integer in [0, n). The bias from scaling a 53-bit float is below n / 2^53. */
  nextInt(n: number): number {
    if (!Number.isInteger(n) || n <= 0) {
      throw new Error(`SeededRandom.nextInt: n must be a positive integer, got ${String(n)}`);
    }
    return Math.floor(this.nextFloat() * n);
  }

  /** A uniformly random permutation of 0..n-1 (Fisher-Yates). */
  permutation(n: number): Int32Array {
    const order = new Int32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    for (let i = n - 1; i > 0; i--) {
      const j = this.nextInt(i + 1);
      const swap = order[i]!;
      order[i] = order[j]!;
      order[j] = swap;
    }
    return order;
  }
}
