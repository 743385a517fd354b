import * as tf from '@tensorflow/tfjs';

type LayerArgs = NonNullable<ConstructorParameters<typeof tf.layers.Layer>[0]>;

/** Arguments of {@link FrontPadding}. */
export interface FrontPaddingArgs extends LayerArgs {
  /** How many zero steps to add before the first step (axis 1). */
  padding: number;
}

/**
 * Adds `padding` zero steps at the front of axis 1 (token ids or features), as Keras's
 * `pad_sequences(padding='pre')` would have: padded token ids are 0, the padding id.
 */
export class FrontPadding extends tf.layers.Layer {
  /** Name under which the class is registered for serialization. */
  static className = 'SrnnFrontPadding';

  readonly padding: number;

  constructor(args: FrontPaddingArgs) {
    super(args);
    if (!Number.isInteger(args.padding) || args.padding < 0) {
      throw new Error(`FrontPadding: padding must be an integer >= 0, got ${args.padding}`);
    }
    this.padding = args.padding;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = [...((Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape)];
    const steps = shape[1];
    shape[1] = steps == null ? null : steps + this.padding;
    return shape;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    return tf.tidy(() => {
      const paddings = x.shape.map((_, axis): [number, number] =>
        axis === 1 ? [this.padding, 0] : [0, 0],
      );
      return tf.pad(x, paddings);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), padding: this.padding };
  }
}

tf.serialization.registerClass(FrontPadding);
