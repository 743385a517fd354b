import * as tf from '@tensorflow/tfjs';
import { type CellDefinition, type EncodeOptions, type SequenceEncoderLayer } from '@srnn/cells';
import { cellConformanceChecks } from '@srnn/cells/testing';
import { MguEncoder, mguCell, type MguOptions } from './mgu-cell';

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

describe('cellConformanceChecks', () => {
  it('passes a sound cell', async () => {
    expect(await failures(mguCell)).toEqual([]);
  });

  it('catches an encoder that ignores the seed', async () => {
    const unseeded: CellDefinition<MguOptions> = {
      ...mguCell,
      createEncoder: (options) => new MguEncoder({ ...options, seed: undefined }),
    };
    expect(await failures(unseeded)).toEqual([expect.stringMatching(/seeds/)]);
  });

  it('catches a layer that is not a contract-v2 encoder (no encode or fusedKernel)', async () => {
    const v1: CellDefinition<MguOptions> = {
      ...mguCell,
      createEncoder: ({ units, seed }) =>
        tf.layers.gru({
          units,
          kernelInitializer: tf.initializers.glorotUniform({ seed }),
        }) as unknown as SequenceEncoderLayer,
    };
    const failed = await failures(v1);
    expect(failed).toContainEqual(expect.stringMatching(/output is \[sequences, units\]/));
    expect(failed).toContainEqual(expect.stringMatching(/backwards equals/));
  });

  it('catches an encoder that ignores the direction', async () => {
    const cell = brokenCell('Forwards', (encode, inputs, options) =>
      encode(inputs, { ...options, direction: 'forward' }),
    );
    const failed = await failures(cell);
    expect(failed).toContainEqual(expect.stringMatching(/backwards equals forwards/));
    expect(failed).not.toContainEqual(expect.stringMatching(/round trip|seeds/));
  });

  it('catches backward every-state output left in reading order', async () => {
    const cell = brokenCell('Unaligned', (encode, inputs, options) => {
      const out = encode(inputs, options);
      if (options.direction !== 'backward' || options.states !== 'every') return out;
      const flipped = tf.reverse(out, 1);
      out.dispose();
      return flipped;
    });
    const failed = await failures(cell);
    expect(failed).toContainEqual(expect.stringMatching(/backwards equals/));
    expect(failed).toContainEqual(expect.stringMatching(/every state t equals/));
    expect(failed).not.toContainEqual(expect.stringMatching(/finite differences/));
  });

  it('catches an encoder whose gradient is wrong', async () => {
    // The same values; the gradient through the output is doubled.
    const doubled = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
      const x = args[0] as tf.Tensor;
      return { value: tf.clone(x), gradFunc: (dy: tf.Tensor) => [tf.mul(dy, 2)] };
    });
    const cell = brokenCell('Doubled', (encode, inputs, options) =>
      tf.tidy(() => doubled(encode(inputs, options)) as tf.Tensor),
    );
    expect(await failures(cell)).toEqual([expect.stringMatching(/finite differences/)]);
  });

  it('catches an encoder that reads the token table wrongly', async () => {
    const cell = brokenCell('Table', (encode, inputs, options) => {
      if (options.tokenTable === undefined) return encode(inputs, options);
      return tf.tidy(() =>
        encode(inputs, { ...options, tokenTable: tf.mul(options.tokenTable!, 2) as tf.Tensor2D }),
      );
    });
    expect(await failures(cell)).toEqual([expect.stringMatching(/with token ids/)]);
  });

  it('takes the distinct-token path even on stock cpu (where training leaves it)', async () => {
    await tf.ready();
    expect(tf.getBackend()).toBe('cpu');
    const check = cellConformanceChecks(mguCell, { units: 3, seed: 2, activation: 'tanh' }).find(
      (c) => /with token ids/.test(c.name),
    )!;
    const profile = await tf.profile(() => check.run());
    // The 3 distinct ids' rows gathered from the [5, 3] table: only the distinct path does that
    // (the plain path looks up all [3, 4] ids at once).
    const lookups = profile.kernels
      .filter((k) => k.name === 'GatherV2')
      .map((k) => JSON.stringify(k.inputShapes));
    expect(lookups).toContain(JSON.stringify([[5, 3], [3]]));
  });

  it('catches an encoder that leaks a tensor per call', async () => {
    const kept: tf.Tensor[] = [];
    const cell = brokenCell('Leaky', (encode, inputs, options) => {
      kept.push(tf.zeros([1]));
      return encode(inputs, options);
    });
    expect(await failures(cell)).toEqual([expect.stringMatching(/no tensors behind/)]);
    tf.dispose(kept);
  });
});

describe('cellConformanceChecks round trip', () => {
  it('catches an encoder class that was never registered for serialization', async () => {
    class UnregisteredEncoder extends MguEncoder {
      static override className = 'KitUnregisteredEncoder';
    }
    const unregistered: CellDefinition<MguOptions> = {
      ...mguCell,
      createEncoder: (options) => new UnregisteredEncoder(options),
    };
    expect(await failures(unregistered)).toEqual([expect.stringMatching(/round trip/)]);
  });
});
