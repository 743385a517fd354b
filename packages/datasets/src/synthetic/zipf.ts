/**
 * Draws ranks 1..n with probability proportional to 1 / k^s (Zipf's law, how word frequencies
 * fall off in natural text) in constant time and memory per draw, by Hörmann and Derflinger's
 * rejection-inversion method (as in Apache Commons RNG's RejectionInversionZipfSampler): a 1.3
 * million word vocabulary needs no table.
 */
export class ZipfSampler {
  readonly #hIntegralX1: number;
  readonly #hIntegralN: number;
  readonly #s: number;

  /**
   * @param n number of ranks (the vocabulary size), >= 1
   * @param exponent s > 0 (1 is the classic Zipf's law)
   * @param random uniform draws in [0, 1), e.g. mulberry32(seed)
   */
  constructor(
    readonly n: number,
    readonly exponent: number,
    private readonly random: () => number,
  ) {
    if (!Number.isInteger(n) || n < 1)
      throw new RangeError(`ZipfSampler: n must be an integer >= 1, got ${n}`);
    if (!(exponent > 0)) throw new RangeError(`ZipfSampler: exponent must be > 0, got ${exponent}`);
    this.#hIntegralX1 = this.#hIntegral(1.5) - 1;
    this.#hIntegralN = this.#hIntegral(n + 0.5);
    this.#s = 2 - this.#hIntegralInverse(this.#hIntegral(2.5) - this.#h(2));
  }

  /** One rank in 1..n. */
  next(): number {
    for (;;) {
      const u = this.#hIntegralN + this.random() * (this.#hIntegralX1 - this.#hIntegralN);
      const x = this.#hIntegralInverse(u);
      let k = Math.floor(x + 0.5);
      if (k < 1) k = 1;
      else if (k > this.n) k = this.n;
      if (k - x <= this.#s || u >= this.#hIntegral(k + 0.5) - this.#h(k)) return k;
    }
  }

  #hIntegral(x: number): number {
    const logX = Math.log(x);
    return helper2((1 - this.exponent) * logX) * logX;
  }

  #h(x: number): number {
    return Math.exp(-this.exponent * Math.log(x));
  }

  #hIntegralInverse(x: number): number {
    let t = x * (1 - this.exponent);
    if (t < -1) t = -1;
    return Math.exp(helper1(t) * x);
  }
}

/** log(1 + x) / x, accurate near 0. */
function helper1(x: number): number {
  return Math.abs(x) > 1e-8 ? Math.log1p(x) / x : 1 - x * (0.5 - x * (1 / 3 - 0.25 * x));
}

/** (exp(x) - 1) / x, accurate near 0. */
function helper2(x: number): number {
  return Math.abs(x) > 1e-8 ? Math.expm1(x) / x : 1 + x * 0.5 * (1 + (x / 3) * (1 + 0.25 * x));
}
