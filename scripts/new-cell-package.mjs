// The files of a new cell package (`node scripts/new-package.mjs --cell NAME`): a working minimal
// gated unit under the cell name NAME, with its options, encoder, registration, the conformance
// kit in its tests and a README whose example a test runs. The contributor then edits the cell.

/** A string literal as Prettier writes it: single quotes unless the text holds one. */
const quoted = (text) =>
  text.includes("'") ? JSON.stringify(text) : `'${text.replace(/\\/g, '\\\\')}'`;

/** 'my-cell' -> 'MyCell' */
const pascal = (name) => name.replace(/(^|-)([a-z0-9])/g, (_, __, c) => c.toUpperCase());
/** 'my-cell' -> 'myCell' */
const camel = (name) => pascal(name).replace(/^./, (c) => c.toLowerCase());

/** The package.json of cell package `@srnn/cell-<name>`, with the versions this repository pins. */
export function cellPackageJson(name, description, versions) {
  return {
    name: `@srnn/cell-${name}`,
    version: '0.1.0',
    description,
    license: 'MIT',
    type: 'module',
    main: './dist/index.cjs',
    module: './dist/index.js',
    types: './dist/index.d.ts',
    exports: {
      '.': {
        import: { types: './dist/index.d.ts', default: './dist/index.js' },
        require: { types: './dist/index.d.cts', default: './dist/index.cjs' },
      },
      './package.json': './package.json',
    },
    files: ['dist', 'README.md', 'LICENSE'],
    // Importing the package registers the cell: bundlers must keep the import.
    sideEffects: true,
    scripts: {
      build: 'tsup',
      test: 'jest --json --outputFile=.test-results.json',
      lint: 'eslint .',
      typecheck: 'tsc --noEmit -p tsconfig.json',
    },
    dependencies: { '@srnn/cells': 'workspace:*', zod: versions.zod },
    devDependencies: {
      '@tensorflow/tfjs': versions.tfjs,
      '@srnn/backend': 'workspace:*',
      '@srnn/model': 'workspace:*',
    },
    peerDependencies: { '@tensorflow/tfjs': `^${versions.tfjs}` },
  };
}

/** The source, test and README files of the cell package, by path. */
export function cellPackageFiles(name, description) {
  const Name = pascal(name);
  const lower = camel(name);
  const files = {};
  files['src/options.ts'] = `import { encoderOptionsSchema } from '@srnn/cells';
import { z } from 'zod';

/** Candidate activations the ${name} cell accepts. */
export const ${lower}Activations = ['tanh', 'linear'] as const;

/** Options of the ${name} encoder: the common ones (units, name, seed) and its own. */
export const ${lower}OptionsSchema = encoderOptionsSchema.extend({
  activation: z.enum(${lower}Activations).default('tanh'),
});

/** Validated options (defaults filled). */
export type ${Name}Options = z.output<typeof ${lower}OptionsSchema>;
/** Options as a caller may write them. */
export type ${Name}OptionsInput = z.input<typeof ${lower}OptionsSchema>;
`;
  files[`src/${name}-steps.ts`] =
    `// The cell's generic path: tfjs ops, one small group per step. A minimal gated unit to start
// from (gate blocks f | c):
//   f = sigmoid(x W_f + h U_f + b_f),  c = act(x W_c + (f * h) U_c + b_c),  h' = h + f * (c - h)
import * as tf from '@tensorflow/tfjs';
import type { StateOutput } from '@srnn/cells';
import { stackSteps, unstackSteps } from '@srnn/cells/toolkit';

/**
 * Runs the cell forwards from a zero state over \`projection\` \`[sequences, steps, 2 * units]\`
 * (x W + b of every step) and returns the last state \`[sequences, units]\` or every state
 * \`[sequences, steps, units]\`.
 */
export function ${lower}Steps(
  projection: tf.Tensor3D,
  recurrentKernel: tf.Tensor2D,
  activation: (x: tf.Tensor) => tf.Tensor,
  states: StateOutput,
): tf.Tensor {
  return tf.tidy(() => {
    const [sequences, steps] = projection.shape;
    const units = recurrentKernel.shape[0];
    const [inputF, inputC] = tf
      .split(tf.transpose(projection, [1, 0, 2]), 2, 2)
      .map(unstackSteps) as [tf.Tensor2D[], tf.Tensor2D[]];
    const [recurrentF, recurrentC] = tf.split(recurrentKernel, 2, 1) as [tf.Tensor2D, tf.Tensor2D];
    let state: tf.Tensor2D = tf.zeros([sequences, units]);
    const every: tf.Tensor2D[] = [];
    for (let t = 0; t < steps; t += 1) {
      const f = tf.sigmoid(tf.add(inputF[t]!, tf.matMul(state, recurrentF)));
      const candidate = activation(tf.add(inputC[t]!, tf.matMul(tf.mul(f, state), recurrentC)));
      state = tf.add(state, tf.mul(f, tf.sub(candidate, state))) as tf.Tensor2D;
      if (states === 'every') every.push(state);
    }
    return states === 'every' ? stackSteps(every) : state;
  });
}
`;
  files[`src/${name}-encoder.ts`] = `import * as tf from '@tensorflow/tfjs';
import type { StateOutput } from '@srnn/cells';
import { GatedRecurrentEncoder } from '@srnn/cells/toolkit';
import { ${lower}Steps } from './${name}-steps';
import { ${lower}OptionsSchema, type ${Name}Options, type ${Name}OptionsInput } from './options';

type LayerArgs = NonNullable<ConstructorParameters<typeof tf.layers.Layer>[0]>;

const activations: Record<${Name}Options['activation'], (x: tf.Tensor) => tf.Tensor> = {
  tanh: (x) => tf.tanh(x),
  linear: (x) => x,
};

/**
 * The ${name} encoder: weights (kernel, recurrent kernel, bias; 2 gate blocks), initialisers, the
 * input projection, direction and the fused-kernel lookup come from GatedRecurrentEncoder; the
 * cell supplies its steps.
 */
export class ${Name}Encoder extends GatedRecurrentEncoder {
  /** Name under which the class is registered for serialization: unique among all layers. */
  static className = 'Srnn${Name}Encoder';

  readonly activation: ${Name}Options['activation'];

  constructor(args: ${Name}OptionsInput & Omit<LayerArgs, 'name'>) {
    const { units, name, seed, activation, ...layerArgs } = args;
    const options = ${lower}OptionsSchema.parse({ units, name, seed, activation });
    super({ cell: '${name}', gates: 2 }, options, layerArgs);
    this.activation = options.activation;
  }

  /** What a fused kernel registered for '${name}' may depend on. */
  protected override kernelSettings(): Record<string, string> {
    return { activation: this.activation };
  }

  protected override steps(
    projection: tf.Tensor3D,
    recurrentKernel: tf.Tensor2D,
    states: StateOutput,
  ): tf.Tensor {
    return ${lower}Steps(projection, recurrentKernel, activations[this.activation], states);
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), activation: this.activation };
  }
}

tf.serialization.registerClass(${Name}Encoder);
`;
  files['src/definition.ts'] = `import type { CellDefinition } from '@srnn/cells';
import { ${Name}Encoder } from './${name}-encoder';
import { ${lower}OptionsSchema, type ${Name}Options } from './options';

/** The '${name}' cell as the registry knows it. */
export const ${lower}Cell: CellDefinition<${Name}Options> = {
  name: '${name}',
  description: ${quoted(description)},
  packageName: '@srnn/cell-${name}',
  optionsSchema: ${lower}OptionsSchema,
  createEncoder: (options) => new ${Name}Encoder(options),
};
`;
  files['src/index.ts'] = `import { registerCell } from '@srnn/cells';
import { ${lower}Cell } from './definition';

// Importing the package registers the cell, so models can name it ('${name}').
registerCell(${lower}Cell);

export { ${lower}Cell } from './definition';
export { ${Name}Encoder } from './${name}-encoder';
export { ${lower}Steps } from './${name}-steps';
export {
  ${lower}Activations,
  ${lower}OptionsSchema,
  type ${Name}Options,
  type ${Name}OptionsInput,
} from './options';
`;
  files['test/conformance.test.ts'] = `import { selectBackend } from '@srnn/backend';
import { cellConformanceChecks, modelConformanceChecks } from '@srnn/model/testing';
import { ${lower}Cell } from '@srnn/cell-${name}';

const options = ${lower}Cell.optionsSchema.parse({ units: 3, seed: 1 });

describe('${name} cell conformance', () => {
  for (const check of cellConformanceChecks(${lower}Cell, options)) {
    it(check.name, check.run);
  }
});

describe('${name} cell inside the SRNN model', () => {
  beforeAll(async () => {
    await selectBackend({ backend: 'wasm', log: () => undefined });
  });
  for (const check of modelConformanceChecks(${lower}Cell, options)) {
    it(check.name, check.run);
  }
});
`;
  const example = `import * as tf from '@tensorflow/tfjs';
import { buildClassifier, createEncoder } from '@srnn/model';
import '@srnn/cell-${name}';

const encoder = createEncoder('${name}', { units: 4, seed: 1 });
const lastStates = encoder.apply(tf.ones([6, 5, 3])) as tf.Tensor; // [6, 4]

const model = buildClassifier({
  vocabularySize: 20,
  embeddingDim: 4,
  maxLength: 8,
  slicing: 'SRNN(2,2)',
  cell: '${name}',
  units: 3,
  classes: 2,
});
const probabilities = model.predict(tf.zeros([1, 8], 'int32')) as tf.Tensor; // [1, 2]`;
  files['test/readme.test.ts'] = `// Mirrors the README's usage example, so that it stays true.
${example.split('\n').slice(0, 3).join('\n')}

describe('README example', () => {
  it('builds an encoder and an SRNN classifier with the cell', () => {
${example
  .split('\n')
  .slice(4)
  .map((line) => (line === '' ? '' : `    ${line}`))
  .join('\n')}
    expect(lastStates.shape).toEqual([6, 4]);
    expect(probabilities.shape).toEqual([1, 2]);
  });
});
`;
  files['README.md'] = `# @srnn/cell-${name}

${description}. Importing the package registers the cell as \`'${name}'\`, so \`@srnn/model\` can
build SRNN levels with it. It starts as a minimal gated unit (gate blocks f | c:
\`f = sigmoid(x W_f + h U_f + b_f)\`, \`c = act(x W_c + (f * h) U_c + b_c)\`,
\`h' = h + f * (c - h)\`); edit \`src/${name}-steps.ts\` and the gate count in
\`src/${name}-encoder.ts\` to make it the cell you want, and keep the conformance tests passing.

## Install

\`\`\`sh
npm install @srnn/cell-${name} @srnn/model @tensorflow/tfjs
\`\`\`

## Usage

\`\`\`ts
${example}
\`\`\`

## API

- \`${lower}Cell\`: the registered \`CellDefinition\` (\`name: '${name}'\`).
- \`${Name}Encoder\` (registered as \`Srnn${Name}Encoder\`): \`new ${Name}Encoder({ units, seed?, activation? })\`;
  as a layer \`[sequences, steps, features]\` to \`[sequences, units]\`; \`encode(inputs, { direction?,
states?, tokenIds? })\` for either direction and every state.
- \`${lower}OptionsSchema\`: \`units\`, \`name?\`, \`seed?\`, \`activation\` (\`'tanh'\` default, \`'linear'\`).
- \`${lower}Steps(projection, recurrentKernel, activation, states)\`: the per-step recurrence.
`;
  files['tsconfig.json'] = `{
  "extends": "../../tsconfig.base.json",
  "include": ["src", "test"]
}
`;
  files['tsup.config.ts'] = `import { packageBuild } from '../../tsup.preset';

export default packageBuild();
`;
  files['jest.config.cjs'] = `module.exports = require('../../jest.preset.cjs')(__dirname);
`;
  return files;
}
