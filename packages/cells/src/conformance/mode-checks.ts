// Checks of contract v2's modes against references built from the forward last state alone:
// backwards = forwards over the reversed steps; every state = last states of the prefixes (or,
// backwards, of the suffixes); a fused kernel = the cell's generic path.
import * as tf from '@tensorflow/tfjs';
import type { CellDefinition, EncoderOptions } from '../contract';
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

const TOLERANCE = 1e-5;

export function modeChecks<Options extends EncoderOptions>(
  definition: CellDefinition<Options>,
  options: Options,
): ConformanceCheck[] {
  const seed = options.seed ?? 1;
  const label = `cell '${definition.name}'`;
  const [sequences, steps, features] = [3, 4, 2];
  return [
    {
      name: `${definition.name}: backwards equals forwards over the reversed steps`,
      run: async () => {
        const encoder = builtEncoder(definition, options, features);
        scramble(encoder, seed + 300);
        const inputs = seededInput([sequences, steps, features], seed + 3);
        const differences = tf.tidy(() => {
          const reversed = tf.reverse(inputs, 1);
          const last = maxAbsDifference(
            encodeWith(encoder, inputs, { direction: 'backward' }),
            encodeWith(encoder, reversed),
          );
          const every = maxAbsDifference(
            encodeWith(encoder, inputs, { direction: 'backward', states: 'every' }),
            tf.reverse(encodeWith(encoder, reversed, { states: 'every' }), 1),
          );
          const unlikeForward = maxAbsDifference(
            encodeWith(encoder, inputs, { direction: 'backward' }),
            encodeWith(encoder, inputs),
          );
          return { last, every, unlikeForward };
        });
        inputs.dispose();
        encoder.dispose();
        assert(
          differences.last < TOLERANCE,
          `${label}: the backward last state differs from the forward one of the reversed steps by ${differences.last}`,
        );
        assert(
          differences.every < TOLERANCE,
          `${label}: backward every-state output is not aligned with the input steps (differs by ${differences.every} from the reversed forward run, reversed back)`,
        );
        assert(
          differences.unlikeForward > 1e-6,
          `${label}: 'backward' gives the forward result (direction ignored)`,
        );
      },
    },
    {
      name: `${definition.name}: every state t equals the last state of steps 0..t (forwards) and t..T-1 (backwards)`,
      run: async () => {
        const encoder = builtEncoder(definition, options, features);
        scramble(encoder, seed + 400);
        const inputs = seededInput([sequences, steps, features], seed + 4);
        const worst = tf.tidy(() => {
          const forward = encodeWith(encoder, inputs, { states: 'every' });
          const backward = encodeWith(encoder, inputs, { direction: 'backward', states: 'every' });
          let largest = 0;
          for (let t = 0; t < steps; t += 1) {
            const at = (every: tf.Tensor): tf.Tensor =>
              tf.reshape(tf.slice(every, [0, t, 0], [sequences, 1, -1]), [sequences, -1]);
            const prefix = tf.slice(inputs, [0, 0, 0], [sequences, t + 1, features]);
            const suffix = tf.slice(inputs, [0, t, 0], [sequences, steps - t, features]);
            largest = Math.max(
              largest,
              maxAbsDifference(at(forward), encodeWith(encoder, prefix)),
              maxAbsDifference(
                at(backward),
                encodeWith(encoder, suffix, { direction: 'backward' }),
              ),
            );
          }
          return largest;
        });
        inputs.dispose();
        encoder.dispose();
        assert(
          worst < TOLERANCE,
          `${label}: an every-state output differs from the last state of its prefix/suffix by ${worst}`,
        );
      },
    },
    {
      name: `${definition.name}: a fused kernel, where the cell has one, equals the generic path (values and gradients)`,
      run: async () => {
        const encoder = builtEncoder(definition, options, features);
        scramble(encoder, seed + 500);
        const inputs = seededInput([sequences, steps, features], seed + 5);
        const problems: string[] = [];
        for (const mode of modes) {
          const kernel = encoder.fusedKernel(mode);
          if (kernel === undefined) continue;
          const run = (implementation: 'auto' | 'generic') => {
            const direction = tf.randomNormal(
              mode.states === 'last'
                ? [sequences, options.units]
                : [sequences, steps, options.units],
              0,
              1,
              'float32',
              seed + 6,
            );
            const { value, grads } = tf.variableGrads(
              () =>
                tf.sum(
                  tf.mul(encodeWith(encoder, inputs, { ...mode, implementation }), direction),
                ) as tf.Scalar,
              variablesOf(encoder),
            );
            direction.dispose();
            return { value, grads };
          };
          const fused = run('auto');
          const generic = run('generic');
          const valueGap = maxAbsDifference(fused.value, generic.value);
          const gradientGap = Math.max(
            ...Object.keys(generic.grads).map((name) =>
              maxAbsDifference(fused.grads[name]!, generic.grads[name]!),
            ),
          );
          tf.dispose([
            fused.value,
            generic.value,
            ...Object.values(fused.grads),
            ...Object.values(generic.grads),
          ]);
          const scale = 1e-4;
          if (!(valueGap < scale && gradientGap < scale)) {
            problems.push(
              `${mode.direction}/${mode.states} (kernel '${kernel}'): value differs by ${valueGap}, gradients by ${gradientGap}`,
            );
          }
        }
        inputs.dispose();
        encoder.dispose();
        assert(
          problems.length === 0,
          `${label}: fused and generic paths differ: ${problems.join('; ')}`,
        );
      },
    },
  ];
}
