import { randomTokenBatch, timeTrainingSteps } from '@srnn/eval';
import { buildClassifier } from '@srnn/model';

/** Settings of {@link benchmarkTrainingSteps}. */
export interface SpeedSettings {
  maxLen: number;
  batchSize: number;
  vocab: number;
  embeddingDim: number;
  units: number;
  classes: number;
  spec: string;
  /** A registered cell for both models (default 'gru'). */
  cell?: string;
  steps: number;
  warmup: number;
  /** Rounds of warm-up and timed steps; each figure is the median of the rounds' medians (1). */
  rounds?: number;
  seed: number;
}

/** One model's timing. */
export interface SpeedRow {
  model: string;
  medianMs: number;
  /** Each round's median ms per step. */
  roundsMs: number[];
  samplesMs: number[];
  parameters: number;
}

/**
 * Median milliseconds of one training step (forward, backward, Adam update) of a plain RNN
 * classifier (GRU by default) and of the SRNN with the same cell and sizes, on one seeded random batch, timed by
 * @srnn/eval's timing module (the one every benchmark of the project uses).
 */
export async function benchmarkTrainingSteps(settings: SpeedSettings): Promise<SpeedRow[]> {
  const batch = randomTokenBatch(
    settings.batchSize,
    settings.maxLen,
    settings.vocab,
    settings.classes,
    settings.seed,
  );
  const common = {
    vocabularySize: settings.vocab,
    embeddingDim: settings.embeddingDim,
    maxLength: settings.maxLen,
    units: settings.units,
    classes: settings.classes,
    seed: settings.seed,
  };
  const cell = settings.cell ?? 'gru';
  const candidates = [
    { model: cell.toUpperCase(), config: { ...common, architecture: 'rnn' as const, cell } },
    {
      model: cell === 'gru' ? settings.spec : `${settings.spec} ${cell}`,
      config: { ...common, architecture: 'srnn' as const, cell, slicing: settings.spec },
    },
  ];
  const rows: SpeedRow[] = [];
  for (const { model, config } of candidates) {
    const classifier = buildClassifier(config);
    try {
      const timing = await timeTrainingSteps(classifier, batch, {
        steps: settings.steps,
        warmup: settings.warmup,
        rounds: settings.rounds ?? 1,
      });
      rows.push({
        model,
        medianMs: timing.medianMs,
        roundsMs: timing.roundsMs,
        samplesMs: timing.samplesMs,
        parameters: classifier.countParams(),
      });
    } finally {
      classifier.dispose();
    }
  }
  return rows;
}
