import * as tf from '@tensorflow/tfjs';
import type { StateOutput } from '@srnn/cells';
import { GatedRecurrentEncoder } from '@srnn/cells/toolkit';
import { activationFunction } from './activations';
import { lstmSteps } from './lstm-steps';
import { lstmOptionsSchema, type LstmActivation, type LstmOptionsInput } from './options';

type LayerArgs = NonNullable<ConstructorParameters<typeof tf.layers.Layer>[0]>;

/** Constructor arguments: the LSTM options plus the generic layer arguments (trainable, ...). */
export type LstmEncoderArgs = LstmOptionsInput & Omit<LayerArgs, 'name'>;

/**
 * An LSTM over `[sequences, steps, features]`: as a layer, the last hidden state
 * `[sequences, units]`; through `encode`, either direction and every state. Same weights and
 * arithmetic as tfjs-layers' `tf.layers.lstm`. Runs {@link lstmSteps} unless a fused kernel is
 * registered for 'lstm' and able.
 */
export class LstmEncoder extends GatedRecurrentEncoder {
  /** Name under which the class is registered for serialization. */
  static className = 'SrnnLstmEncoder';

  readonly activation: LstmActivation;
  readonly recurrentActivation: LstmActivation;
  readonly unitForgetBias: boolean;

  constructor(args: LstmEncoderArgs) {
    const { units, name, seed, activation, recurrentActivation, unitForgetBias, ...layerArgs } =
      args;
    const options = lstmOptionsSchema.parse({
      units,
      name,
      seed,
      activation,
      recurrentActivation,
      unitForgetBias,
    });
    super({ cell: 'lstm', gates: 4 }, options, layerArgs);
    this.activation = options.activation;
    this.recurrentActivation = options.recurrentActivation;
    this.unitForgetBias = options.unitForgetBias;
  }

  /** Keras's unit forget bias: the forget gate's block starts at 1. */
  protected override initialBias(): tf.Tensor1D | null {
    if (!this.unitForgetBias) return null;
    const units = this.units;
    return tf.tidy(() =>
      tf.concat([tf.zeros([units]), tf.ones([units]), tf.zeros([2 * units])]),
    ) as tf.Tensor1D;
  }

  protected override kernelSettings(): Record<string, string | boolean> {
    return {
      activation: this.activation,
      recurrentActivation: this.recurrentActivation,
    };
  }

  protected override steps(
    projection: tf.Tensor3D,
    recurrentKernel: tf.Tensor2D,
    states: StateOutput,
  ): tf.Tensor {
    const activations = {
      activation: activationFunction(this.activation),
      recurrentActivation: activationFunction(this.recurrentActivation),
    };
    return lstmSteps(projection, recurrentKernel, activations, states);
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      ...super.getConfig(),
      activation: this.activation,
      recurrentActivation: this.recurrentActivation,
      unitForgetBias: this.unitForgetBias,
    };
  }
}

tf.serialization.registerClass(LstmEncoder);
