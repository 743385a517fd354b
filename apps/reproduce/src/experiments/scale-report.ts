/** Writes the scale experiment's report: scale.md for people, scale.json with the run's machine. */
import { buildRunReport, formatDuration } from '@srnn/eval';
import { writeFileAtomic } from '@srnn/files';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { grouped } from '../docs/markdown';
import { runConditions } from '../report';
import type { RunContext } from '../speed-report';
import type { ScaleReport, ScaleVariant } from './scale';

export function scaleMarkdown(r: ScaleReport): string {
  const mib = (v: number) => `${grouped(v)} MiB`;
  const row = (name: string, values: string[]) => `| ${name} | ${values.join(' | ')} |`;
  const each = (f: (v: ScaleVariant) => string) => r.variants.map(f);
  const epoch = (seconds: number) => `${grouped(seconds)} s (${formatDuration(seconds)})`;
  const steps = r.variants[0]?.stepsTimed ?? 0;
  const rounds = r.variants[0]?.rounds ?? 1;
  const lines = [
    '# Paper-scale run on this machine',
    '',
    `SYNTHETIC data shaped like ${r.dataset} (${grouped(r.documents)} documents${r.generated ? `, generated in ${r.generationSeconds?.toFixed(0)} s` : ', generated earlier'}), ${r.spec} at T = ${r.maxLength}, batch ${r.batchSize}.`,
    '',
    '## Data',
    '',
    '| stage | figure |',
    '| --- | ---: |',
    `| data preparation (${r.passes === 2 ? 'two passes, no tokens kept' : 'one pass'}) | ${r.preparationSeconds.toFixed(1)} s |`,
    // A report written before the ids were stored ragged has no idsPerDocument: its matrix was padded.
    r.idsPerDocument === undefined
      ? `| token ids: one ${r.ids} matrix, the splits are row views of it | ${mib(r.matrixMiB)} |`
      : `| token ids: each document's ids without padding (${r.ids}, ${r.idsPerDocument.toFixed(1)} a document) and its row offset; the splits are row views of them | ${mib(r.matrixMiB)} |`,
    `| split (train/validation/test) | ${r.split.map((n) => grouped(n)).join('/')} |`,
    `| steps per epoch | ${grouped(r.stepsPerEpoch)} |`,
    `| peak RSS after generation | ${mib(r.peakRssMiB.afterGeneration)} |`,
    `| peak RSS after preparation | ${mib(r.peakRssMiB.afterPreparation)} |`,
    `| peak RSS at the end | ${mib(r.peakRssMiB.atEnd)} |`,
    `| peak RSS projected to ${grouped(r.projectedPeakRssMiB.documents)} documents (the peak here plus each further document's ids at this mean, offset, label, row index and place in the order; not measured) | ${mib(r.projectedPeakRssMiB.mib)} |`,
    '',
    `## One ${r.spec} epoch`,
    '',
    `The paper's computation gives every subsequence its GRU state (each group of equal subsequences, such as a batch's all-padding ones, runs once: the same function); skipping padding (the model option \`skipPadding\`) gives subsequences without a real token a zero state instead. ${rounds > 1 ? `Both timed in this run, in ${rounds} rounds of steps each, taking turns (the order turned round each round), so that a slower stretch of the machine falls on both.` : 'Both timed in this run, one after the other.'}`,
    '',
    row(
      r.spec,
      each((v) => v.label),
    ),
    row(
      '---',
      each(() => '---:'),
    ),
    row(
      `ms per training step (median of ${steps}, after a warm-up step${rounds > 1 ? ' in each round' : ''})`,
      each((v) => v.msPerStep.toFixed(1)),
    ),
    row(
      `validation over the full split (${grouped(r.split[1])} rows)`,
      each((v) => `${v.validationSeconds.toFixed(1)} s`),
    ),
    row(
      'one checkpoint',
      each((v) => `${v.checkpointSeconds.toFixed(1)} s`),
    ),
    row(
      `projected epoch of these ${grouped(r.documents)} documents (steps x step + validation + checkpoint)`,
      each((v) => epoch(v.projectedEpochSeconds)),
    ),
    ...(r.documents !== r.paperDocuments
      ? [
          row(
            `projected epoch at the paper's ${grouped(r.paperDocuments)} documents (steps and validation scaled)`,
            each((v) => epoch(v.projectedPaperEpochSeconds)),
          ),
        ]
      : []),
    ...(r.paperEpochSeconds !== undefined
      ? [
          row(
            `that epoch vs the paper's ${grouped(r.paperEpochSeconds)} s (${r.paperHardware})`,
            each((v) => `${(v.projectedPaperEpochSeconds / r.paperEpochSeconds!).toFixed(2)}x`),
          ),
        ]
      : []),
    row(
      'peak RSS after training',
      each((v) => mib(v.peakRssMiB.afterTraining)),
    ),
    row(
      'peak RSS after validation',
      each((v) => mib(v.peakRssMiB.afterValidation)),
    ),
    '',
    ...(r.paperEpochSeconds !== undefined
      ? [
          `The paper's ${r.spec} epoch on this data set: ${grouped(r.paperEpochSeconds)} s on an ${r.paperHardware}, its own computation (no padding skipped).`,
          '',
        ]
      : []),
  ];
  return lines.join('\n');
}

export async function writeScaleReport(
  outDir: string,
  report: ScaleReport,
  settings: Record<string, unknown>,
  run: RunContext,
): Promise<string> {
  await mkdir(outDir, { recursive: true });
  const md = scaleMarkdown(report);
  await writeFileAtomic(join(outDir, 'scale.md'), md);
  const json = buildRunReport([], {
    settings,
    scale: report,
    backend: run.backend,
    conditions: runConditions(run),
  });
  await writeFileAtomic(join(outDir, 'scale.json'), `${JSON.stringify(json, null, 2)}\n`);
  return md;
}
