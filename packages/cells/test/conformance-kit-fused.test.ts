import * as tf from '@tensorflow/tfjs';
import { registerFusedRecurrence, type CellDefinition, type EncodeOptions } from '@srnn/cells';
import { cellConformanceChecks } from '@srnn/cells/testing';
import { MguEncoder, mguCell, type MguOptions } from './mgu-cell';

// In a file of its own: the fused kernel registered here must not reach the other kit tests.
// The kit is tested both ways: a sound cell passes every check, and broken cells fail the right
// ones (and only those, where a defect touches one property).
async function failures(definition: CellDefinition<MguOptions>): Promise<string[]> {
  const failed: string[] = [];
  for (const check of cellConformanceChecks(definition, {
    units: 3,
    seed: 2,
    activation: 'tanh',
  })) {
    await check.run().catch(() => failed.push(check.name));
  }
  return failed;
}

/** The MGU with `encode` replaced; registered under its own class name so reloads work. */
function brokenCell(
  name: string,
  encode: (
    original: MguEncoder['encode'],
    inputs: tf.Tensor3D,
    options: EncodeOptions,
  ) => tf.Tensor,
): CellDefinition<MguOptions> {
  class Broken extends MguEncoder {
    static override className = `Kit${name}`;
    override encode(inputs: tf.Tensor3D, options: EncodeOptions = {}): tf.Tensor {
      return encode((i, o) => super.encode(i, o), inputs, options);
    }
  }
  tf.serialization.registerClass(Broken);
  return { ...mguCell, name: `kit-${name.toLowerCase()}`, createEncoder: (o) => new Broken(o) };
}

describe('cellConformanceChecks with a fused kernel', () => {
  it('catches a fused kernel that disagrees with the generic path', async () => {
    const cell = brokenCell('Fused', (encode, inputs, options) => encode(inputs, options));
    const generic = failures(cell);
    expect(await generic).toEqual([]);
    registerFusedRecurrence('kit-mgu', {
      name: 'kit-mgu-off-by-a-little',
      supports: (request) => request.states === 'last' && request.direction === 'forward',
      run: (projection, recurrentKernel) =>
        tf.tidy(() => {
          const units = recurrentKernel.shape[0];
          // Not the MGU: the last step's projection alone, squashed.
          const last = tf.slice(projection, [0, projection.shape[1] - 1, units], [-1, 1, units]);
          return tf.tanh(tf.reshape(last, [projection.shape[0], units]));
        }),
    });
    const failed = await failures(cell);
    expect(failed).toContainEqual(expect.stringMatching(/fused kernel.*equals the generic path/));
  });
});
