// The part of the conformance kit that needs the model: a cell inside an SRNN classifier (token
// embedding, ids to the first level, bidirectional and attention levels, padding skipped), on the
// wasm backend against the cpu backend.
import * as tf from '@tensorflow/tfjs';
import type { CellDefinition, EncoderOptions } from '@srnn/cells';
import type { ConformanceCheck } from '@srnn/cells/testing';
import { buildClassifier } from './classifier';

function gradientsOf(model: tf.LayersModel, ids: tf.Tensor, labels: tf.Tensor): Float32Array[] {
  const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const { value, grads } = tf.variableGrads(
    () =>
      tf.losses.softmaxCrossEntropy(
        labels,
        model.apply(ids, { training: true }) as tf.Tensor,
      ) as tf.Scalar,
    variables,
  );
  const result = variables.map((v) => grads[v.name]!.dataSync() as Float32Array);
  tf.dispose([value, ...Object.values(grads)]);
  return result;
}

function largestGap(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < a.length; i += 1) worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
  return worst;
}

/**
 * Checks of `definition` (registered under its name) inside the SRNN model. The wasm backend must
 * be registered (e.g. `await selectBackend({ backend: 'wasm' })` from @srnn/backend, which also
 * adds the kernels its gradients need); the check switches to it and back.
 */
export function modelConformanceChecks<Options extends EncoderOptions>(
  definition: CellDefinition<Options>,
  options: Options,
): ConformanceCheck[] {
  const label = `cell '${definition.name}'`;
  return [
    {
      name: `${definition.name}: runs inside SlicedRNN fed by the token embedding on wasm, as on cpu (outputs and gradients)`,
      run: async () => {
        const previous = tf.getBackend();
        const {
          units,
          seed,
          name: _name,
          ...cellOptions
        } = options as EncoderOptions & Record<string, unknown>;
        const model = buildClassifier({
          vocabularySize: 7,
          embeddingDim: 3,
          maxLength: 8,
          slicing: 'SRNN(2,2)',
          cell: definition.name,
          cellOptions,
          units,
          classes: 2,
          seed: seed ?? 1,
          bidirectional: [true, false, true],
          attention: [false, true, false],
          skipPadding: true,
        });
        const ids = tf.tensor2d(
          [
            [0, 0, 0, 0, 1, 2, 3, 1],
            [4, 5, 6, 4, 5, 6, 1, 1],
            [0, 0, 0, 0, 0, 0, 0, 2],
          ],
          undefined,
          'int32',
        );
        const labels = tf.tensor2d([
          [1, 0],
          [0, 1],
          [1, 0],
        ]);
        try {
          const outputs: Float32Array[] = [];
          const gradients: Float32Array[][] = [];
          for (const backend of ['cpu', 'wasm']) {
            if (!(await tf.setBackend(backend)))
              throw new Error(`backend '${backend}' did not start`);
            outputs.push(
              tf.tidy(() => (model.predict(ids) as tf.Tensor).dataSync() as Float32Array),
            );
            gradients.push(gradientsOf(model, ids, labels));
          }
          const outputGap = largestGap(outputs[0]!, outputs[1]!);
          const gradientGap = Math.max(
            ...gradients[0]!.map((g, i) => largestGap(g, gradients[1]![i]!)),
          );
          const silent = model.trainableWeights
            .filter((_, i) => !gradients[1]![i]!.some((v) => v !== 0))
            .map((w) => w.name);
          const finite = gradients[1]!.every((g) => g.every(Number.isFinite));
          if (!(outputGap < 2e-5 && gradientGap < 2e-4 && finite && silent.length === 0)) {
            throw new Error(
              `${label} in SlicedRNN on wasm: outputs differ from cpu by ${outputGap}, gradients by ${gradientGap}` +
                (finite ? '' : '; some gradients are not finite') +
                (silent.length > 0 ? `; no gradient reaches ${silent.join(', ')}` : ''),
            );
          }
        } catch (error) {
          if (!tf.engine().registryFactory['wasm']) {
            throw new Error(
              `${label}: the wasm backend is not registered; call selectBackend({ backend: 'wasm' }) from @srnn/backend before these checks`,
            );
          }
          throw error;
        } finally {
          tf.dispose([ids, labels]);
          model.dispose();
          await tf.setBackend(previous);
        }
      },
    },
  ];
}
