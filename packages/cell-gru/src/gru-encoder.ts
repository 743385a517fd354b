import * as tf from '@tensorflow/tfjs';
import { activationFunction } from './activations';
import { gruLastState } from './gru-recurrence';
import { orthogonalMatrix } from '@srnn/cells';
import { gruOptionsSchema, type GruActivation, type GruOptionsInput } from './options';

type LayerArgs = NonNullable<ConstructorParameters<typeof tf.layers.Layer>[0]>;

/** Constructor arguments: the GRU options plus the generic layer arguments (trainable, ...). */
export type GruEncoderArgs = GruOptionsInput & Omit<LayerArgs, 'name'>;

/**
 * A GRU over `[sequences, steps, features]` returning the last hidden state `[sequences, units]`.
 * Same weights and arithmetic as tfjs-layers' `tf.layers.gru({ returnSequences: false })` with
 * `resetAfter: false`; the recurrence itself lives in {@link gruLastState}.
 */
export class GruEncoder extends tf.layers.Layer {
  /** Name under which the class is registered for serialization. */
  static className = 'SrnnGruEncoder';

  readonly units: number;
  readonly activation: GruActivation;
  readonly recurrentActivation: GruActivation;
  readonly seed: number | undefined;
  private kernel: tf.LayerVariable | null = null;
  private recurrentKernel: tf.LayerVariable | null = null;
  private bias: tf.LayerVariable | null = null;

  constructor(args: GruEncoderArgs) {
    const { units, name, seed, activation, recurrentActivation, ...layerArgs } = args;
    const options = gruOptionsSchema.parse({ units, name, seed, activation, recurrentActivation });
    super({ ...layerArgs, name: options.name });
    this.units = options.units;
    this.activation = options.activation;
    this.recurrentActivation = options.recurrentActivation;
    this.seed = options.seed;
    this.inputSpec = [{ ndim: 3 }];
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const features = shape[2];
    if (features == null) {
      throw new Error(`${this.name}: the feature size (last input dimension) must be known`);
    }
    const units = this.units;
    // Keras defaults (glorot uniform, orthogonal, zeros); distinct derived seeds per matrix.
    const seedFor = (offset: number): number | undefined =>
      this.seed === undefined ? undefined : this.seed + offset;
    this.kernel = this.addWeight(
      'kernel',
      [features, 3 * units],
      'float32',
      tf.initializers.glorotUniform({ seed: seedFor(0) }),
    );
    this.recurrentKernel = this.addWeight(
      'recurrent_kernel',
      [units, 3 * units],
      'float32',
      tf.initializers.zeros(),
    );
    const orthogonal = orthogonalMatrix([units, 3 * units], seedFor(1));
    this.recurrentKernel.write(orthogonal);
    orthogonal.dispose();
    this.bias = this.addWeight('bias', [3 * units], 'float32', tf.initializers.zeros());
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    return [shape[0] ?? null, this.units];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor3D;
    if (this.kernel === null || this.recurrentKernel === null || this.bias === null) {
      throw new Error(`${this.name}: call() before build()`);
    }
    return gruLastState(
      x,
      {
        kernel: this.kernel.read() as tf.Tensor2D,
        recurrentKernel: this.recurrentKernel.read() as tf.Tensor2D,
        bias: this.bias.read() as tf.Tensor1D,
      },
      {
        activation: activationFunction(this.activation),
        recurrentActivation: activationFunction(this.recurrentActivation),
        names: { activation: this.activation, recurrentActivation: this.recurrentActivation },
      },
    );
  }

  override getConfig(): tf.serialization.ConfigDict {
    const config: tf.serialization.ConfigDict = {
      ...super.getConfig(),
      units: this.units,
      activation: this.activation,
      recurrentActivation: this.recurrentActivation,
    };
    if (this.seed !== undefined) config['seed'] = this.seed;
    return config;
  }
}

tf.serialization.registerClass(GruEncoder);
