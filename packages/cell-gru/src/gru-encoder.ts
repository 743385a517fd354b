import * as tf from '@tensorflow/tfjs';
import { GatedRecurrentEncoder, type GatedWeights } from '@srnn/cells';
import { activationFunction } from './activations';
import { gruLastState } from './gru-recurrence';
import { gruOptionsSchema, type GruActivation, type GruOptionsInput } from './options';

type LayerArgs = NonNullable<ConstructorParameters<typeof tf.layers.Layer>[0]>;

/** Constructor arguments: the GRU options plus the generic layer arguments (trainable, ...). */
export type GruEncoderArgs = GruOptionsInput & Omit<LayerArgs, 'name'>;

/**
 * A GRU over `[sequences, steps, features]` returning the last hidden state `[sequences, units]`.
 * Same weights and arithmetic as tfjs-layers' `tf.layers.gru({ returnSequences: false })` with
 * `resetAfter: false`; the recurrence itself lives in {@link gruLastState}.
 */
export class GruEncoder extends GatedRecurrentEncoder {
  /** Name under which the class is registered for serialization. */
  static className = 'SrnnGruEncoder';

  readonly activation: GruActivation;
  readonly recurrentActivation: GruActivation;

  constructor(args: GruEncoderArgs) {
    const { units, name, seed, activation, recurrentActivation, ...layerArgs } = args;
    const options = gruOptionsSchema.parse({ units, name, seed, activation, recurrentActivation });
    super(3, options, layerArgs);
    this.activation = options.activation;
    this.recurrentActivation = options.recurrentActivation;
  }

  protected override lastState(inputs: tf.Tensor3D, weights: GatedWeights): tf.Tensor2D {
    return gruLastState(inputs, weights, {
      activation: activationFunction(this.activation),
      recurrentActivation: activationFunction(this.recurrentActivation),
      names: { activation: this.activation, recurrentActivation: this.recurrentActivation },
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      ...super.getConfig(),
      activation: this.activation,
      recurrentActivation: this.recurrentActivation,
    };
  }
}

tf.serialization.registerClass(GruEncoder);
