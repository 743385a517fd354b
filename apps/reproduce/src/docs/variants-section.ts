/**
 * The README's section of `pnpm reproduce --experiment variants` figures, generated from the run's
 * report.json: per model and corpus the mean, sample standard deviation and range of test accuracy
 * over the seeds, the mean seconds per epoch, and sentences that set each variant beside SRNN(8,2).
 * Nothing here is measured; everything is read from the run.
 */
import { alignedTable, bullet, grouped, wrapProse } from './markdown';
import { describeRun } from './run-description';
import type { ReproduceRun } from './run-json';

type Summary = NonNullable<ReproduceRun['extra']['table2'][number]['summaries']>[number];
type Spread = Summary['bestValidationAccuracy'];

/** The command whose run this section shows. */
export const VARIANTS_COMMAND = 'pnpm reproduce --experiment variants';

/** The model every variant is set beside. */
const REFERENCE = 'SRNN(8,2)';

const pct = (v: number) => (v * 100).toFixed(1);
/** '81.3 ± 1.2 (80.0–82.5)': mean ± sample sd (range), in %. */
function accuracyCell(s: Spread | undefined): string {
  if (!s) return '';
  return `${pct(s.mean)} ± ${pct(s.sd)} (${pct(s.min)}–${pct(s.max)})`;
}

/** Models in the order they first ran, each with its summary per corpus. */
function byModel(run: ReproduceRun): { model: string; per: Map<string, Summary> }[] {
  const rows = new Map<string, Map<string, Summary>>();
  for (const d of run.extra.table2) {
    for (const s of d.summaries ?? []) {
      const row = rows.get(s.model) ?? new Map<string, Summary>();
      row.set(d.dataset, s);
      rows.set(s.model, row);
    }
  }
  return [...rows].map(([model, per]) => ({ model, per }));
}

const signed = (points: number) => `${points >= 0 ? '+' : '−'}${Math.abs(points).toFixed(1)}`;

/** How each variant compares with SRNN(8,2): the difference of means, overlap of ranges, time. */
function comparisons(run: ReproduceRun, models: ReturnType<typeof byModel>): string[] {
  const reference = models.find((m) => m.model === REFERENCE);
  if (!reference) return [];
  const notes: string[] = [];
  for (const m of models) {
    if (m.model === REFERENCE || !m.model.includes('SRNN')) continue;
    const diffs: string[] = [];
    const times: number[] = [];
    let overlap = 0;
    let compared = 0;
    for (const d of run.extra.table2) {
      const a = m.per.get(d.dataset);
      const b = reference.per.get(d.dataset);
      if (!a || !b) continue;
      times.push(a.secondsPerEpoch.mean / b.secondsPerEpoch.mean);
      if (!a.testAccuracy || !b.testAccuracy) continue;
      compared += 1;
      diffs.push(`${signed((a.testAccuracy.mean - b.testAccuracy.mean) * 100)} on ${d.dataset}`);
      if (a.testAccuracy.min <= b.testAccuracy.max && b.testAccuracy.min <= a.testAccuracy.max)
        overlap += 1;
    }
    if (compared === 0) continue;
    notes.push(
      `${m.model} against ${REFERENCE}: mean test accuracy ${diffs.join(', ')} points; the ranges ` +
        `over the seeds overlap on ${overlap} of ${compared} corpora; time per epoch ` +
        `${Math.min(...times).toFixed(2)}x to ${Math.max(...times).toFixed(2)}x ${REFERENCE}'s.`,
    );
  }
  return notes;
}

export function variantsSection(run: ReproduceRun): string {
  const models = byModel(run);
  const datasets = run.extra.table2.map((d) => d.dataset);
  const seeds = run.extra.settings.seeds ?? [];
  const accuracy = alignedTable(models, [
    { header: 'model', cell: (m) => m.model },
    ...datasets.map((d) => ({
      header: d,
      cell: (m: (typeof models)[number]) => accuracyCell(m.per.get(d)?.testAccuracy),
      align: 'right' as const,
    })),
  ]);
  const seconds = alignedTable(models, [
    { header: 'model', cell: (m) => m.model },
    ...datasets.map((d) => ({
      header: `${d} s/epoch`,
      cell: (m: (typeof models)[number]) => {
        const s = m.per.get(d)?.secondsPerEpoch;
        return s ? `${s.mean.toFixed(2)} ± ${s.sd.toFixed(2)}` : '';
      },
      align: 'right' as const,
    })),
  ]);
  const epochs = new Map((run.extra.settings.datasets ?? []).map((d) => [d.id, d.epochs]));
  const corpora = run.extra.table2
    .map(
      (d) =>
        `${d.dataset} (${grouped(d.documents)} documents, T = ${d.maxLength}` +
        (epochs.has(d.dataset) ? `, ${epochs.get(d.dataset)} epochs` : '') +
        ')',
    )
    .join(', ');
  const s = run.extra.settings;
  const failures = run.extra.table2.flatMap((d) =>
    (d.failures ?? []).map(
      (f) => `${f.model} on ${d.dataset}, seed ${f.seed}, failed: ${f.message.slice(0, 200)}`,
    ),
  );
  const notes = [...comparisons(run, models), ...failures].map((n) => bullet(n));
  return [
    wrapProse(
      describeRun(VARIANTS_COMMAND, {
        machine: run.machine,
        conditions: run.extra.conditions,
        backend: run.extra.backend,
      }),
    ),
    wrapProse(
      `Each model trained with ${seeds.length} seeds (${seeds.join(', ')}: initialisation, dropout ` +
        `and batch order) on one split per corpus: ${corpora}; vocabulary ${grouped(s.vocabulary)}, ` +
        `embedding ${s.embeddingDim}, GRU(${s.units}), batch ${s.batchSize}. Test accuracy in % at the ` +
        `best-validation epoch: mean ± sample standard deviation (divisor n − 1), and the range over the seeds in brackets:`,
    ),
    accuracy,
    wrapProse(
      `Seconds per training epoch (training steps only, the run's own clock), mean ± sample standard deviation over the seeds:`,
    ),
    seconds,
    ...(notes.length > 0 ? [notes.join('\n')] : []),
  ].join('\n\n');
}

/** What the section says before a run of the experiment is committed. */
export function variantsPlaceholder(file: string): string {
  return wrapProse(
    `No run of \`${VARIANTS_COMMAND}\` is committed yet (${file}). To fill this section: ` +
      `\`${VARIANTS_COMMAND} --out results-variants\`, then \`pnpm docs:results --from results-variants\`.`,
  );
}
