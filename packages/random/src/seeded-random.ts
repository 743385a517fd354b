/**
 * The saved state of a {@link SeededRandom}: plain JSON, so a checkpoint can store it and a resumed
 * run continue the exact same sequence.
 */
export interface RandomState {
  readonly generator: 'mulberry32';
  /** The generator's whole state: one unsigned 32-bit integer. */
  readonly state: number;
}

const isUint32 = (value: unknown): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value >= 0 && value < 2 ** 32;

/**
 * Mulberry32, the one generator of this package, as an object whose state can be saved and
 * restored. It uses only 32-bit integer arithmetic (Math.imul and shifts), so a seed gives the same
 * sequence on every machine and engine. Period 2^32, ample for shuffling millions of indices. Not
 * cryptographic.
 */
export class SeededRandom {
  private current: number;

  /** @param seed any integer; the same seed always yields the same sequence. */
  constructor(seed: number) {
    if (!Number.isInteger(seed)) {
      throw new Error(`SeededRandom: seed must be an integer, got ${String(seed)}`);
    }
    this.current = seed >>> 0;
  }

  /** Rebuilds a generator from {@link SeededRandom.state}, checking it. */
  static fromState(state: RandomState): SeededRandom {
    const random = new SeededRandom(0);
    random.setState(state);
    return random;
  }

  /** The current state; restoring it continues the sequence exactly from here. */
  state(): RandomState {
    return { generator: 'mulberry32', state: this.current };
  }

  /** Replaces the state with one returned by {@link SeededRandom.state}. */
  setState(state: RandomState): void {
    const candidate = state as Partial<RandomState> | null;
    if (candidate?.generator !== 'mulberry32' || !isUint32(candidate.state)) {
      throw new Error(
        `SeededRandom: state must be { generator: 'mulberry32', state: an unsigned 32-bit integer }, got ${JSON.stringify(state)}`,
      );
    }
    this.current = candidate.state;
  }

  /** Next unsigned 32-bit integer. */
  nextUint32(): number {
    this.current = (this.current + 0x6d2b79f5) >>> 0;
    let t = this.current;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** Uniform float in [0, 1) (32 random bits). */
  nextFloat(): number {
    return this.nextUint32() / 4294967296;
  }

  /** Uniform integer in [0, n); the bias from scaling a 32-bit float is below n / 2^32. */
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
