import { standardNormal } from '@srnn/random';

/**
 * Document lengths in words: a log-normal with shape `sigma`, rounded and clipped to
 * [1, maxWords], whose location is solved so that the mean length (after rounding and clipping)
 * is exactly `mean`. Review lengths are right-skewed much like this; table 1 of the paper gives
 * each data set's mean and maximum.
 */
export class LengthDistribution {
  /** Location of the underlying normal (log scale), solved from the mean. */
  readonly mu: number;

  constructor(
    readonly mean: number,
    readonly maxWords: number,
    readonly sigma: number,
  ) {
    if (!(mean >= 1 && mean < maxWords)) {
      throw new RangeError(`LengthDistribution: mean must lie in [1, maxWords), got ${mean}`);
    }
    if (!(sigma > 0)) throw new RangeError(`LengthDistribution: sigma must be > 0, got ${sigma}`);
    // The clipped mean rises with mu: bisect.
    let lo = -5;
    let hi = Math.log(maxWords) + 5 * sigma;
    for (let i = 0; i < 100; i++) {
      const mid = (lo + hi) / 2;
      if (this.meanFor(mid) < mean) lo = mid;
      else hi = mid;
    }
    this.mu = (lo + hi) / 2;
  }

  /** P(length <= l) under location `mu` (this distribution's by default). */
  cdf(l: number, mu = this.mu): number {
    if (l < 1) return 0;
    if (l >= this.maxWords) return 1;
    return normalCdf((Math.log(Math.floor(l) + 0.5) - mu) / this.sigma);
  }

  /** The mean length under location `mu`, summed exactly over 1..maxWords. */
  meanFor(mu: number): number {
    // E[L] = sum over l >= 1 of P(L >= l) = sum of (1 - cdf(l - 1)).
    let sum = 0;
    for (let l = 1; l <= this.maxWords; l++) sum += 1 - this.cdf(l - 1, mu);
    return sum;
  }

  /** A sampler of lengths driven by `random` (uniform in [0, 1)). */
  sampler(random: () => number): () => number {
    const normal = standardNormal(random);
    return () => {
      const l = Math.round(Math.exp(this.mu + this.sigma * normal()));
      return l < 1 ? 1 : l > this.maxWords ? this.maxWords : l;
    };
  }
}

/** The standard normal CDF, from erfc (W. J. Cody's rational approximations via Numerical Recipes' erfc, |error| < 1.2e-7). */
export function normalCdf(z: number): number {
  return 0.5 * erfc(-z / Math.SQRT2);
}

function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t *
                          (0.27886807 +
                            t *
                              (-1.13520398 +
                                t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}
