import * as tf from '@tensorflow/tfjs';
import { GatedRecurrentEncoder, type GatedWeights } from '@srnn/cells';
import { activationFunction } from './activations';
import { lstmLastState } from './lstm-recurrence';
import { lstmOptionsSchema, type LstmActivation, type LstmOptionsInput } from './options';

type LayerArgs = NonNullable<ConstructorParameters<typeof tf.layers.Layer>[0]>;

/** Constructor arguments: the LSTM options plus the generic layer arguments (trainable, ...). */
export type LstmEncoderArgs = LstmOptionsInput & Omit<LayerArgs, 'name'>;

/**
 * An LSTM over `[sequences, steps, features]` returning the last hidden state `[sequences, units]`.
 * Same weights and arithmetic as tfjs-layers' `tf.layers.lstm({ returnSequences: false })`.
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
    super(4, options, layerArgs);
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

  protected override lastState(inputs: tf.Tensor3D, weights: GatedWeights): tf.Tensor2D {
    return lstmLastState(inputs, weights, {
      activation: activationFunction(this.activation),
      recurrentActivation: activationFunction(this.recurrentActivation),
    });
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
