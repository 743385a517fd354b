import * as tf from '@tensorflow/tfjs';
import type { NamedTensorMap } from '@tensorflow/tfjs';
import {
  accumulatedPowerAfter,
  adamStepCoefficients,
  nextAccumulatedPower,
} from './adam-coefficients';
import { type AdamRunningPowers, checkLearningRate, checkRunningPowers } from './adam-state';
import { adamStepWithOps } from './adam-update-ops';
import {
  type FusedAdamConfig,
  type FusedAdamOptions,
  resolveFusedAdamConfig,
} from './fused-adam-config';
import { denseGradient, type RowGradient } from '@srnn/row-gradients';
import {
  adamRowsStepWithKernel,
  FUSED_ADAM_ROWS_KERNEL,
  registerFusedAdamRowsKernels,
} from './fused-adam-rows-kernel';
import {
  adamStepWithKernel,
  type FusedAdamAttrs,
  fusedKernelAvailable,
  registerFusedAdamKernels,
} from './fused-adam-kernel';

/** A tensor with the name it is saved under (tfjs-core's NamedTensor, which tfjs does not re-export). */
export interface NamedTensor {
  name: string;
  tensor: tf.Tensor;
}

/** A variable's gradient given as rows (see @srnn/row-gradients), with the variable's name. */
export interface NamedRowGradient {
  name: string;
  rows: RowGradient;
}

/** One moment slot: a non-trainable variable and the name it is saved under (`<variable>/m|v`). */
interface MomentSlot {
  originalName: string;
  variable: tf.Variable;
}

/**
 * Adam with exactly tf.train.adam's update, done in one pass over each variable's data: a custom
 * kernel (cpu and wasm backends) reads the value, gradient and both moments and writes the three
 * new arrays in one loop, where tf.train.adam runs about ten elementwise ops, each allocating and
 * writing a full tensor. Other backends run the same math as tfjs ops.
 *
 * State and checkpoints follow tf.train.adam: moments are slots by position in the variable list
 * of `applyGradients`, and `getWeights()` returns `[iter, <var>/m..., <var>/v...]`, so weights
 * saved from either optimizer restore into the other.
 */
export class FusedAdamOptimizer extends tf.Optimizer {
  /** The name this class is registered under for tfjs serialization. */
  static get className(): string {
    return 'FusedAdam';
  }

  private config: FusedAdamConfig;
  /** beta1^t and beta2^t for the next step t, kept in float32 like tfjs's accBeta variables. */
  private accBeta1: number;
  private accBeta2: number;
  private firstMoments: MomentSlot[] = [];
  private secondMoments: MomentSlot[] = [];

  /**
   * @param learningRate step size (default 0.001)
   * @param beta1 decay of the first moment (default 0.9)
   * @param beta2 decay of the second moment (default 0.999)
   * @param epsilon added to sqrt(v-hat) (default 1e-8, the Adam paper's and Keras 2.0's; note that
   *   tf.train.adam defaults to the backend's epsilon, 1e-7 on float32 backends)
   * @param options `lazy` (default false): see {@link FusedAdamOptions.lazy}
   * @throws Error naming each invalid argument and its allowed range
   */
  constructor(
    learningRate?: number | null,
    beta1?: number | null,
    beta2?: number | null,
    epsilon?: number | null,
    options?: FusedAdamOptions,
  ) {
    super();
    this.config = resolveFusedAdamConfig(learningRate, beta1, beta2, epsilon, options);
    this.accBeta1 = accumulatedPowerAfter(this.config.beta1, 0);
    this.accBeta2 = accumulatedPowerAfter(this.config.beta2, 0);
    registerFusedAdamKernels();
    registerFusedAdamRowsKernels();
  }

  /** The validated hyperparameters. */
  get settings(): Readonly<FusedAdamConfig> {
    return { ...this.config };
  }

  /** beta1^t and beta2^t for the next step t, as float32 values (save them to resume exactly). */
  get runningPowers(): AdamRunningPowers {
    return { beta1Power: this.accBeta1, beta2Power: this.accBeta2 };
  }

  /**
   * Restores {@link runningPowers} after {@link setWeights}: setWeights recomputes them with
   * `pow(beta, iterations + 1)`, which differs in the last bits from the product the steps built.
   */
  setRunningPowers(powers: AdamRunningPowers): void {
    checkRunningPowers(powers);
    this.accBeta1 = Math.fround(powers.beta1Power);
    this.accBeta2 = Math.fround(powers.beta2Power);
  }

  /** Changes the learning rate from the next step on (a learning-rate schedule calls it). */
  setLearningRate(learningRate: number): void {
    checkLearningRate(learningRate);
    this.config = { ...this.config, learningRate };
  }

  /** Whether the active backend runs the fused kernel (otherwise tfjs ops do the same math). */
  get usesFusedKernel(): boolean {
    return fusedKernelAvailable();
  }

  override applyGradients(variableGradients: NamedTensorMap | NamedTensor[]): void {
    this.applyEach(
      Array.isArray(variableGradients)
        ? variableGradients.map(({ name, tensor }) => ({ name, gradient: tensor }))
        : Object.entries(variableGradients).map(([name, gradient]) => ({ name, gradient })),
    );
  }

  /**
   * {@link applyGradients} with some gradients given as rows (a table's gradient from lookups
   * captured by @srnn/row-gradients): each such variable gets the very update its dense gradient
   * would have given, to the bit, every row included, without the dense gradient being made. List
   * the variables in the order applyGradients would get them: moments are slots by position.
   */
  applyGradientsWithRows(entries: ReadonlyArray<NamedTensor | NamedRowGradient>): void {
    this.applyEach(
      entries.map((entry) =>
        'rows' in entry
          ? { name: entry.name, rows: entry.rows }
          : { name: entry.name, gradient: entry.tensor },
      ),
    );
  }

  private applyEach(
    entries: ReadonlyArray<{ name: string; gradient?: tf.Tensor | null; rows?: RowGradient }>,
  ): void {
    const coefficients = adamStepCoefficients(this.config, this.accBeta1, this.accBeta2);
    const attrs: FusedAdamAttrs = { ...coefficients, lazy: this.config.lazy };
    const step = fusedKernelAvailable() ? adamStepWithKernel : adamStepWithOps;
    // Rows go through their kernel unless LazyAdam's rule (which looks at each row's gradient) or
    // a backend without it asks for the dense gradient.
    const rowsKernel =
      !this.config.lazy && tf.getKernel(FUSED_ADAM_ROWS_KERNEL, tf.getBackend()) !== undefined;
    entries.forEach(({ name, gradient, rows }, i) => {
      const value = tf.engine().registeredVariables[name];
      if (value === undefined) {
        throw new Error(`FusedAdam: no variable named '${name}' is registered`);
      }
      const [firstMoment, secondMoment] = this.momentSlots(i, name, value);
      if (gradient == null && rows === undefined) return;
      tf.tidy(() => {
        let x: tf.Tensor, m: tf.Tensor, v: tf.Tensor;
        if (rows !== undefined && rowsKernel) {
          [x, m, v] = adamRowsStepWithKernel(
            { value, firstMoment, secondMoment, rowValues: rows.values },
            { ...coefficients, ids: rows.ids },
          );
        } else {
          const dense =
            rows === undefined
              ? gradient!
              : tf.reshape(denseGradient(rows, value.shape[0] ?? 1), value.shape);
          [x, m, v] = step({ value, gradient: dense, firstMoment, secondMoment }, attrs);
        }
        firstMoment.assign(m);
        secondMoment.assign(v);
        value.assign(x);
      });
    });
    this.accBeta1 = nextAccumulatedPower(this.accBeta1, this.config.beta1);
    this.accBeta2 = nextAccumulatedPower(this.accBeta2, this.config.beta2);
    this.incrementIterations();
  }

  /** The moment variables of slot `i`, created as zeros on first use (as tf.train.adam does). */
  private momentSlots(i: number, name: string, value: tf.Variable): [tf.Variable, tf.Variable] {
    const zeros = (): tf.Variable => tf.tidy(() => tf.zerosLike(value).variable(false));
    this.firstMoments[i] ??= { originalName: `${name}/m`, variable: zeros() };
    this.secondMoments[i] ??= { originalName: `${name}/v`, variable: zeros() };
    return [this.firstMoments[i].variable, this.secondMoments[i].variable];
  }

  override dispose(): void {
    tf.dispose([...this.firstMoments, ...this.secondMoments].map((s) => s.variable));
    this.firstMoments = [];
    this.secondMoments = [];
  }

  /** `[iter, <var>/m for each slot, <var>/v for each slot]`, tf.train.adam's order. */
  override async getWeights(): Promise<NamedTensor[]> {
    const slots = [...this.firstMoments, ...this.secondMoments];
    return [await this.saveIterations()].concat(
      slots.map((s) => ({ name: s.originalName, tensor: s.variable })),
    );
  }

  /**
   * Restores what {@link getWeights} (or tf.train.adam's getWeights) returned. The moments become
   * new variables holding the given tensors' data; the iteration count sets the bias correction.
   */
  override async setWeights(weightValues: NamedTensor[]): Promise<void> {
    const moments = await this.extractIterations(weightValues);
    if (moments.length % 2 !== 0) {
      throw new Error(
        `FusedAdam.setWeights: expected the iteration count then equal numbers of first and ` +
          `second moments, got ${moments.length} moment tensors`,
      );
    }
    this.accBeta1 = accumulatedPowerAfter(this.config.beta1, this.iterations);
    this.accBeta2 = accumulatedPowerAfter(this.config.beta2, this.iterations);
    const count = moments.length / 2;
    const toSlot = (w: NamedTensor): MomentSlot => ({
      originalName: w.name,
      variable: w.tensor.variable(false),
    });
    // New slots first: the given tensors may be this optimizer's own (from its getWeights).
    const firstMoments = moments.slice(0, count).map(toSlot);
    const secondMoments = moments.slice(count).map(toSlot);
    this.dispose();
    this.firstMoments = firstMoments;
    this.secondMoments = secondMoments;
  }

  override getConfig(): tf.serialization.ConfigDict {
    const { learningRate, beta1, beta2, epsilon, lazy } = this.config;
    return { learningRate, beta1, beta2, epsilon, lazy };
  }

  static override fromConfig<T extends tf.serialization.Serializable>(
    cls: tf.serialization.SerializableConstructor<T>,
    config: tf.serialization.ConfigDict,
  ): T {
    const Ctor = cls as unknown as new (...args: unknown[]) => T;
    return new Ctor(config['learningRate'], config['beta1'], config['beta2'], config['epsilon'], {
      lazy: config['lazy'] ?? false,
    });
  }
}

tf.serialization.registerClass(FusedAdamOptimizer);

/**
 * Makes a {@link FusedAdamOptimizer}; the arguments are tf.train.adam's, plus `options`.
 *
 * @example
 * const optimizer = fusedAdam(0.001);
 * optimizer.minimize(() => loss(), false, [weights]);
 */
export function fusedAdam(
  learningRate = 0.001,
  beta1 = 0.9,
  beta2 = 0.999,
  epsilon: number | null = 1e-8,
  options: FusedAdamOptions = {},
): FusedAdamOptimizer {
  return new FusedAdamOptimizer(learningRate, beta1, beta2, epsilon, options);
}
