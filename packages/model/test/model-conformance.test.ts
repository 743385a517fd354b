// The in-model conformance checks, run for the cells this repository ships (cell packages cannot
// depend on @srnn/model, which depends on them; packages outside the repository run these in
// their own tests), and against a cell that is wrong only on one backend.
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '@srnn/backend';
import { gruCell, GruEncoder } from '@srnn/cell-gru';
import { lstmCell } from '@srnn/cell-lstm';
import { registerCell, type CellDefinition, type EncodeOptions } from '@srnn/model';
import { modelConformanceChecks } from '@srnn/model/testing';

beforeAll(async () => {
  await selectBackend({ backend: 'wasm', log: () => undefined });
});

describe('modelConformanceChecks', () => {
  for (const check of [
    ...modelConformanceChecks(gruCell, gruCell.optionsSchema.parse({ units: 3, seed: 2 })),
    ...modelConformanceChecks(lstmCell, lstmCell.optionsSchema.parse({ units: 3, seed: 2 })),
  ]) {
    it(check.name, check.run);
  }

  it('catches a cell that computes something else on wasm', async () => {
    class WasmDrift extends GruEncoder {
      static override className = 'KitWasmDrift';
      override encode(inputs: tf.Tensor3D, options: EncodeOptions = {}): tf.Tensor {
        const out = super.encode(inputs, options);
        if (tf.getBackend() !== 'wasm') return out;
        const drifted = tf.mul(out, 1.01);
        out.dispose();
        return drifted;
      }
    }
    tf.serialization.registerClass(WasmDrift);
    const drifting = {
      ...gruCell,
      name: 'kit-wasm-drift',
      createEncoder: (options) => new WasmDrift(options),
    } as typeof gruCell;
    registerCell(drifting as CellDefinition<never>);
    const [check] = modelConformanceChecks(
      drifting,
      gruCell.optionsSchema.parse({ units: 3, seed: 2 }),
    );
    await expect(check!.run()).rejects.toThrow(/on wasm: outputs differ from cpu by/);
  });
});
