// Training steps of SRNN(8,2) on Amazon_F-shaped batches (a synthetic Amazon_F prepared as the
// scale experiment prepares it: T = 256, batch 100, vocabulary 30,000), with the step's variants
// taken in turns in one process: each round runs every variant (the order turned round every
// other round) for a warm-up step and 3 timed ones. A shared machine's slow stretches then fall on
// every variant alike; report medians side by side, not one variant's run against another's.
//
// usage: pnpm --filter @srnn/reproduce bench [--data-dir DIR] [--documents 60000] [--rounds 20]
//        [--variants default,dense-table-gradient,level-0-one-thread]
// Without --data-dir it generates the synthetic Amazon_F (60,000 documents) in a temporary folder.
//
// Variants:
//   default                the training step as it ships
//   dense-table-gradient   the embedding table's gradient made dense (rowGradients: false)
//   level-0-one-thread     recurrences shared with the worker threads only from 1.5e8 recurrent
//                          FLOPs on, evenly (the settings before level 0 of this shape was shared)
//   products-split-evenly  products split by rows of A shared evenly with the worker threads
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { enableRelaxedSimd, selectBackend } from '@srnn/backend';
import { generateSyntheticDataset } from '@srnn/datasets';
import { createTrainStep, gatherRange, median, type TrainStep } from '@srnn/eval';
import { buildClassifier } from '@srnn/model';
import { fusedAdam } from '@srnn/optimizers';
import { prepareData } from '@srnn/pipeline';
import {
  MIN_SHARED_RECURRENCE_FLOPS,
  RECURRENCE_WORKER_WEIGHT,
  setMinSharedRecurrenceFlops,
  setRecurrenceWorkerWeight,
} from '@srnn/recurrence/testing';
import { parseOptions } from '@srnn/errors';
import { PRODUCT_WORKER_WEIGHT, setProductWorkerWeight } from '@srnn/backend/testing';

const VARIANTS = [
  'default',
  'dense-table-gradient',
  'level-0-one-thread',
  'products-split-evenly',
] as const;
type Variant = (typeof VARIANTS)[number];

const optionsSchema = z.object({
  'data-dir': z.string().min(1).optional(),
  documents: z.coerce.number().int().min(2000).default(60_000),
  rounds: z.coerce.number().int().positive().default(20),
  variants: z
    .string()
    .default(VARIANTS.join(','))
    .transform((list) => list.split(',').map((v) => v.trim()))
    .pipe(z.array(z.enum(VARIANTS)).min(1)),
});

/** Sets the sharing with worker threads of `variant` (the others': as it ships). */
function shareSettings(variant: Variant): void {
  const old = variant === 'level-0-one-thread';
  setMinSharedRecurrenceFlops(old ? 1.5e8 : MIN_SHARED_RECURRENCE_FLOPS);
  setRecurrenceWorkerWeight(old ? 1 : RECURRENCE_WORKER_WEIGHT);
  setProductWorkerWeight(variant === 'products-split-evenly' ? 1 : PRODUCT_WORKER_WEIGHT);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: Object.fromEntries(
      ['data-dir', 'documents', 'rounds', 'variants'].map((k) => [k, { type: 'string' as const }]),
    ),
  });
  const options = parseOptions(optionsSchema, values, 'step-variants options');
  enableRelaxedSimd();
  const report = await selectBackend({ backend: 'wasm', log: () => undefined });
  console.log(report.summary);
  const temporary =
    options['data-dir'] === undefined ? await mkdtemp(join(tmpdir(), 'srnn-bench-')) : undefined;
  // pnpm runs this in the package's folder; a relative --data-dir means the folder it was typed in.
  const typedIn = process.env['INIT_CWD'] ?? process.cwd();
  const given = options['data-dir'];
  const dir = given === undefined ? join(temporary!, 'amazon-f') : resolve(typedIn, given);
  try {
    if (temporary !== undefined) {
      console.log(`generating a synthetic Amazon_F of ${options.documents} documents`);
      await generateSyntheticDataset({
        dataset: 'amazon-f',
        out: dir,
        documents: options.documents,
        seed: 2018,
      });
    }
    const data = await prepareData(
      { kind: 'paper', id: 'amazon-f', dir },
      { maxLength: 256, vocabulary: 30_000, seed: 2018, onInvalid: 'skip', passes: 2 },
    );
    const rows = data.train.shape[0];
    const batchCount = Math.min(32, Math.floor(rows / 100));
    const batches = Array.from({ length: batchCount }, (_, i) =>
      gatherRange(data.train, i * 100, i * 100 + 100),
    );
    // One model and optimizer per variant, each from the same seed.
    const steps = new Map<Variant, TrainStep>();
    for (const variant of options.variants) {
      const model = buildClassifier({
        slicing: 'SRNN(8,2)',
        vocabularySize: data.vocabularySize,
        embeddingDim: 200,
        units: 50,
        classes: 5,
        maxLength: 256,
        seed: 1,
      });
      const optimizer = fusedAdam(0.001, 0.9, 0.999, 1e-8);
      steps.set(
        variant,
        createTrainStep(model, optimizer, { rowGradients: variant !== 'dense-table-gradient' }),
      );
    }
    const times = new Map<Variant, number[]>(options.variants.map((v) => [v, []]));
    let next = 0;
    const batch = () => batches[next++ % batches.length]!;
    for (let round = 0; round < options.rounds; round += 1) {
      const order = round % 2 === 0 ? options.variants : [...options.variants].reverse();
      for (const variant of order) {
        shareSettings(variant);
        const step = steps.get(variant)!;
        await step(batch()); // warm-up after the switch
        for (let i = 0; i < 3; i += 1) {
          const started = performance.now();
          await step(batch());
          times.get(variant)!.push(performance.now() - started);
        }
      }
    }
    const base = median(times.get(options.variants[0]!)!);
    console.log(`\n| variant | median ms per step | vs ${options.variants[0]} |`);
    console.log('|---|---|---|');
    for (const variant of options.variants) {
      const ms = median(times.get(variant)!);
      console.log(`| ${variant} | ${ms.toFixed(1)} | ${(ms / base).toFixed(2)}x |`);
    }
    console.log(
      `\n${options.rounds} rounds x 3 timed steps per variant, batch 100, T = 256, ${rows.toLocaleString('en')} training documents`,
    );
  } finally {
    if (temporary !== undefined) await rm(temporary, { recursive: true, force: true });
  }
}

void main().catch((error: unknown) => {
  console.error(String(error instanceof Error ? error.message : error));
  process.exitCode = 1;
});
