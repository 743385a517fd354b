// Mirrors the README's usage example, so that it stays true.
import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import {
  createEncoder,
  encoderOptionsSchema,
  listCells,
  registerCell,
  type CellDefinition,
  type StateOutput,
} from '@srnn/cells';
import { GatedRecurrentEncoder, stackSteps, unstackSteps } from '@srnn/cells/toolkit';
import { cellConformanceChecks } from '@srnn/cells/testing';

// A minimal gated unit: f = σ(x W_f + h U_f + b_f), c = tanh(x W_c + (f ∘ h) U_c + b_c),
// h' = h + f ∘ (c - h). The toolkit's base class owns weights, initialisers, the input projection,
// direction and the fused-kernel lookup; the cell writes its forward steps.
const mguOptions = encoderOptionsSchema.extend({});
type MguOptions = z.output<typeof mguOptions>;

class MguEncoder extends GatedRecurrentEncoder {
  static className = 'ReadmeMguEncoder';
  constructor(options: MguOptions) {
    super({ cell: 'mgu', gates: 2 }, mguOptions.parse(options), {});
  }
  protected kernelSettings() {
    return {};
  }
  protected steps(projection: tf.Tensor3D, recurrentKernel: tf.Tensor2D, states: StateOutput) {
    return tf.tidy(() => {
      const [inputF, inputC] = tf
        .split(tf.transpose(projection, [1, 0, 2]), 2, 2)
        .map(unstackSteps) as [tf.Tensor2D[], tf.Tensor2D[]];
      const [recurrentF, recurrentC] = tf.split(recurrentKernel, 2, 1);
      let h: tf.Tensor2D = tf.zeros([projection.shape[0], this.units]);
      const every: tf.Tensor2D[] = [];
      inputF.forEach((xf, t) => {
        const f = tf.sigmoid(tf.add(xf, tf.matMul(h, recurrentF!)));
        const c = tf.tanh(tf.add(inputC[t]!, tf.matMul(tf.mul(f, h), recurrentC!)));
        h = tf.add(h, tf.mul(f, tf.sub(c, h)));
        every.push(h);
      });
      return states === 'every' ? stackSteps(every) : h;
    });
  }
}
tf.serialization.registerClass(MguEncoder);

const mguCell: CellDefinition<MguOptions> = {
  name: 'mgu',
  description: 'Minimal gated unit (Zhou et al. 2016)',
  optionsSchema: mguOptions,
  createEncoder: (options) => new MguEncoder(options),
};

describe('README example', () => {
  it('registers a cell and builds an encoder by name', () => {
    registerCell(mguCell);
    expect(listCells()).toContain('mgu');
    const encoder = createEncoder('mgu', { units: 4, seed: 1 });
    const lastStates = encoder.apply(tf.ones([6, 5, 3])) as tf.Tensor; // [6, 4]
    const everyBackward = encoder.encode(tf.ones([6, 5, 3]), {
      direction: 'backward',
      states: 'every',
    }); // [6, 5, 4]
    expect(lastStates.shape).toEqual([6, 4]);
    expect(everyBackward.shape).toEqual([6, 5, 4]);
    expect(encoder.fusedKernel()).toBeUndefined(); // no fused kernel registered for 'mgu'
  });

  for (const check of cellConformanceChecks(mguCell, { units: 3, seed: 1 })) {
    it(check.name, check.run);
  }
});
