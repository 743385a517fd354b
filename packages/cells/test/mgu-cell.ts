// A minimal gated unit (Zhou et al. 2016), built on the toolkit the way a cell package would be:
// the sound cell of the kit's own tests and the README's example. Gate blocks f | h:
//   f = σ(x W_f + h U_f + b_f),  c = tanh(x W_h + (f ∘ h) U_h + b_h),  h' = (1 - f) ∘ h + f ∘ c
import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { encoderOptionsSchema, type CellDefinition, type StateOutput } from '@srnn/cells';
import { GatedRecurrentEncoder, stackSteps, unstackSteps } from '@srnn/cells/toolkit';

export const mguOptionsSchema = encoderOptionsSchema.extend({
  activation: z.enum(['tanh', 'linear']).default('tanh'),
});
export type MguOptions = z.output<typeof mguOptionsSchema>;

export class MguEncoder extends GatedRecurrentEncoder {
  static className = 'KitMguEncoder';
  readonly activation: MguOptions['activation'];

  constructor(args: z.input<typeof mguOptionsSchema>) {
    const options = mguOptionsSchema.parse(args);
    super({ cell: 'kit-mgu', gates: 2 }, options, {});
    this.activation = options.activation;
  }

  protected override kernelSettings(): Record<string, string> {
    return { activation: this.activation };
  }

  protected override steps(
    projection: tf.Tensor3D,
    recurrentKernel: tf.Tensor2D,
    states: StateOutput,
  ): tf.Tensor {
    return tf.tidy(() => {
      const [sequences, steps] = projection.shape;
      const units = recurrentKernel.shape[0];
      const [inputF, inputH] = tf
        .split(tf.transpose(projection, [1, 0, 2]), 2, 2)
        .map(unstackSteps) as [tf.Tensor2D[], tf.Tensor2D[]];
      const [recurrentF, recurrentH] = tf.split(recurrentKernel, 2, 1) as [
        tf.Tensor2D,
        tf.Tensor2D,
      ];
      const act = this.activation === 'tanh' ? tf.tanh : (x: tf.Tensor) => x;
      let state: tf.Tensor2D = tf.zeros([sequences, units]);
      const every: tf.Tensor2D[] = [];
      for (let t = 0; t < steps; t += 1) {
        const f = tf.sigmoid(tf.add(inputF[t]!, tf.matMul(state, recurrentF)));
        const candidate = act(tf.add(inputH[t]!, tf.matMul(tf.mul(f, state), recurrentH)));
        state = tf.add(state, tf.mul(f, tf.sub(candidate, state))) as tf.Tensor2D;
        if (states === 'every') every.push(state);
      }
      return states === 'every' ? stackSteps(every) : state;
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), activation: this.activation };
  }
}
tf.serialization.registerClass(MguEncoder);

export const mguCell: CellDefinition<MguOptions> = {
  name: 'kit-mgu',
  description: 'Minimal gated unit (test cell)',
  optionsSchema: mguOptionsSchema,
  createEncoder: (options) => new MguEncoder(options),
};
