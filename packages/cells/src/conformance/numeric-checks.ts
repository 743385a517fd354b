// Checks of the numbers themselves: gradients against central finite differences, no tensors
// left behind, and the token-id input giving the plain projection's values and table gradient.
import * as tf from '@tensorflow/tfjs';
import type { CellDefinition, EncoderOptions } from '../contract';
import { withGathersForced } from '../host-backend';
import {
  assert,
  builtEncoder,
  encodeWith,
  maxAbsDifference,
  modes,
  scramble,
  seededInput,
  variablesOf,
  type ConformanceCheck,
} from './helpers';

export function numericChecks<Options extends EncoderOptions>(
  definition: CellDefinition<Options>,
  options: Options,
): ConformanceCheck[] {
  const seed = options.seed ?? 1;
  const label = `cell '${definition.name}'`;
  return [
    {
      name: `${definition.name}: gradients match central finite differences in every mode`,
      run: async () => {
        const encoder = builtEncoder(definition, options, 2);
        scramble(encoder, seed + 600);
        const inputs = seededInput([2, 3, 2], seed + 7);
        // loss = sum over modes of <output, a fixed random direction>: one scalar covering them all.
        const directions = modes.map((mode, i) =>
          tf.randomNormal(
            mode.states === 'last' ? [2, options.units] : [2, 3, options.units],
            0,
            1,
            'float32',
            seed + 10 + i,
          ),
        );
        const loss = (): tf.Scalar =>
          tf.tidy(() =>
            tf.addN(
              modes.map((mode, i) =>
                tf.sum(tf.mul(encodeWith(encoder, inputs, mode), directions[i]!)),
              ),
            ),
          ) as tf.Scalar;
        const variables = variablesOf(encoder);
        const { value, grads } = tf.variableGrads(loss, variables);
        value.dispose();
        const h = 1e-2;
        const failures: string[] = [];
        for (const variable of variables) {
          const analytic = grads[variable.name]!.dataSync();
          const values = variable.dataSync().slice();
          for (let i = 0; i < values.length; i += 1) {
            const at = (delta: number): number => {
              const nudged = values.slice();
              nudged[i] = values[i]! + delta;
              tf.tidy(() => variable.assign(tf.tensor(nudged, variable.shape)));
              const l = loss();
              const result = l.dataSync()[0]!;
              l.dispose();
              return result;
            };
            const numeric = (at(h) - at(-h)) / (2 * h);
            tf.tidy(() => variable.assign(tf.tensor(values, variable.shape)));
            if (!(Math.abs(numeric - analytic[i]!) < 3e-3 + 3e-2 * Math.abs(numeric))) {
              failures.push(`${variable.name}[${i}]: analytic ${analytic[i]}, numeric ${numeric}`);
            }
          }
        }
        tf.dispose([inputs, ...directions, ...Object.values(grads)]);
        encoder.dispose();
        assert(
          failures.length === 0,
          `${label}: gradients differ from finite differences at ${failures.length} entries, e.g. ${failures.slice(0, 3).join('; ')}`,
        );
      },
    },
    {
      name: `${definition.name}: leaves no tensors behind across calls (every mode, gradients included)`,
      run: async () => {
        const encoder = builtEncoder(definition, options, 2);
        const inputs = seededInput([3, 4, 2], seed + 8);
        const ids = tf.tensor2d(
          [
            [1, 2, 1, 0],
            [2, 2, 0, 1],
            [0, 0, 1, 1],
          ],
          [3, 4],
          'int32',
        );
        const round = (): void => {
          for (const mode of modes) {
            tf.dispose(encodeWith(encoder, inputs, mode));
            tf.dispose(encodeWith(encoder, inputs, { ...mode, tokenIds: ids }));
          }
          const { value, grads } = tf.variableGrads(
            () => tf.sum(encodeWith(encoder, inputs, { states: 'every' })) as tf.Scalar,
            variablesOf(encoder),
          );
          tf.dispose([value, ...Object.values(grads)]);
        };
        round(); // first calls may create lasting state (kernels, caches)
        const before = tf.memory().numTensors;
        round();
        round();
        const after = tf.memory().numTensors;
        tf.dispose([inputs, ids]);
        encoder.dispose();
        assert(
          after === before,
          `${label}: ${after - before} tensors left behind by two rounds of calls`,
        );
      },
    },
    {
      name: `${definition.name}: with token ids (and the table), gives the plain outputs and the same embedding-table gradient`,
      run: async () => {
        const encoder = builtEncoder(definition, options, 3);
        scramble(encoder, seed + 700);
        const table = tf.variable(
          tf.randomNormal([5, 3], 0, 1, 'float32', seed + 9),
        ) as tf.Variable<tf.Rank.R2>;
        // Many repeats, so that the distinct-token path is taken.
        const ids = tf.tensor2d(
          [
            [1, 1, 2, 0],
            [2, 1, 1, 1],
            [0, 0, 0, 2],
          ],
          [3, 4],
          'int32',
        );
        // The ids alone, and with the table the rows were looked up in (read from it directly).
        // An encoder that reads its rows from the table may also be given a placeholder
        // [sequences, steps, 0] in place of the rows (see readsRowsFromTable).
        const run = (
          extra: { tokenIds?: tf.Tensor2D; tokenTable?: tf.Tensor2D },
          placeholder = false,
        ) =>
          // Taken on any backend (stock cpu included): slow there, but these inputs are tiny.
          withGathersForced(() =>
            tf.variableGrads(() => {
              const rows = placeholder
                ? (tf.zeros([3, 4, 0]) as tf.Tensor3D)
                : (tf.gather(table, ids) as unknown as tf.Tensor3D);
              return tf.addN(
                modes.map((mode) =>
                  tf.sum(tf.square(encodeWith(encoder, rows, { ...mode, ...extra }))),
                ),
              ) as tf.Scalar;
            }, [table, ...variablesOf(encoder)]),
          );
        const plain = run({});
        const results = {
          tokenIds: run({ tokenIds: ids }),
          tokenTable: run({ tokenIds: ids, tokenTable: table }),
          ...(encoder.readsRowsFromTable === true
            ? { 'a placeholder for the rows': run({ tokenIds: ids, tokenTable: table }, true) }
            : {}),
        };
        const gaps = Object.entries(results).map(([input, result]) => ({
          input,
          value: maxAbsDifference(plain.value, result.value),
          gradient: Math.max(
            ...Object.keys(plain.grads).map((name) =>
              maxAbsDifference(plain.grads[name]!, result.grads[name]!),
            ),
          ),
        }));
        tf.dispose([
          ...[plain, ...Object.values(results)].flatMap((r) => [
            r.value,
            ...Object.values(r.grads),
          ]),
          ids,
          table,
        ]);
        encoder.dispose();
        for (const gap of gaps) {
          assert(
            gap.value < 1e-5 && gap.gradient < 1e-4,
            `${label}: with ${gap.input} the outputs differ by ${gap.value} and the gradients by ${gap.gradient}`,
          );
        }
      },
    },
  ];
}
