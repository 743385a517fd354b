import * as tf from '@tensorflow/tfjs';
import type { StateOutput } from '@srnn/cells';
import { GatedRecurrentEncoder } from '@srnn/cells/toolkit';
import { activationFunction } from './activations';
import { gruSteps } from './gru-steps';
import { gruOptionsSchema, type GruActivation, type GruOptionsInput } from './options';

type LayerArgs = NonNullable<ConstructorParameters<typeof tf.layers.Layer>[0]>;

/** Constructor arguments: the GRU options plus the generic layer arguments (trainable, ...). */
export type GruEncoderArgs = GruOptionsInput & Omit<LayerArgs, 'name'>;

/**
 * A GRU over `[sequences, steps, features]`: as a layer, the last hidden state
 * `[sequences, units]`; through `encode`, either direction and every state. Same weights and
 * arithmetic as tfjs-layers' `tf.layers.gru` with `resetAfter: false`. The forward last state
 * runs @srnn/recurrence's fused kernel where it is registered and able (cpu, wasm), the rest
 * {@link gruSteps}.
 */
export class GruEncoder extends GatedRecurrentEncoder {
  /** Name under which the class is registered for serialization. */
  static className = 'SrnnGruEncoder';

  readonly activation: GruActivation;
  readonly recurrentActivation: GruActivation;

  constructor(args: GruEncoderArgs) {
    const { units, name, seed, activation, recurrentActivation, ...layerArgs } = args;
    const options = gruOptionsSchema.parse({ units, name, seed, activation, recurrentActivation });
    super({ cell: 'gru', gates: 3 }, options, layerArgs);
    this.activation = options.activation;
    this.recurrentActivation = options.recurrentActivation;
  }

  protected override kernelSettings(): Record<string, string> {
    return { activation: this.activation, recurrentActivation: this.recurrentActivation };
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
    return gruSteps(projection, recurrentKernel, activations, states);
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
