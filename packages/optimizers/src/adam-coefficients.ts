/**
 * The scalars of one Adam step, each rounded to float32 as tfjs's AdamOptimizer holds them: it
 * turns every JavaScript number into a float32 scalar tensor before the elementwise ops, and keeps
 * the running powers beta1^t and beta2^t in float32 variables.
 */
export interface AdamStepCoefficients {
  beta1: number;
  beta2: number;
  /** `1 - beta1`, computed in double precision and then rounded, as tfjs does. */
  oneMinusBeta1: number;
  oneMinusBeta2: number;
  /** `1 - beta1^t` for this step t (the bias correction of the first moment). */
  oneMinusAccBeta1: number;
  oneMinusAccBeta2: number;
  epsilon: number;
  /** `-learningRate`. */
  negLearningRate: number;
}

/** Adam's hyperparameters, validated. */
export interface AdamHyperparameters {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
}

const f32 = Math.fround;

/**
 * Coefficients for the step whose running powers are `accBeta1 = beta1^t` and `accBeta2 = beta2^t`
 * (both already float32 values).
 */
export function adamStepCoefficients(
  hyper: AdamHyperparameters,
  accBeta1: number,
  accBeta2: number,
): AdamStepCoefficients {
  return {
    beta1: f32(hyper.beta1),
    beta2: f32(hyper.beta2),
    oneMinusBeta1: f32(1 - hyper.beta1),
    oneMinusBeta2: f32(1 - hyper.beta2),
    // tfjs: sub(1, accBeta1) on float32 tensors.
    oneMinusAccBeta1: f32(1 - accBeta1),
    oneMinusAccBeta2: f32(1 - accBeta2),
    epsilon: f32(hyper.epsilon),
    negLearningRate: f32(-hyper.learningRate),
  };
}

/** The next running power: tfjs's `accBeta.assign(mul(accBeta, beta))` in float32. */
export function nextAccumulatedPower(accBeta: number, beta: number): number {
  return f32(accBeta * f32(beta));
}

/**
 * The running power after `iterations` completed steps, as tfjs's `setWeights` restores it:
 * `pow(beta, iterations + 1)` on a float32 scalar.
 */
export function accumulatedPowerAfter(beta: number, iterations: number): number {
  return f32(Math.pow(f32(beta), iterations + 1));
}
