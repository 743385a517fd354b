import * as tf from '@tensorflow/tfjs';
import '@srnn/cell-lstm';
import { loadClassifier } from '@srnn/model';
import { concatSources, encodeDataset, LabelMap, type RecordSource } from '@srnn/datasets';
import { evaluateClassifier, predictBatches, type Evaluation } from '@srnn/eval';
import { Tokenizer } from '@srnn/text';
import { access, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { dataSourceSchema, type DataSource } from './config';
import { parseOptions } from '@srnn/errors';
import { PipelineConfigError } from './errors';
import { RUN_CONFIG_FORMAT, RUN_FILES, type RunConfig } from './run-files';
import { limitSource, openSource } from './sources';

/** One prediction: the most probable label and every class's probability. */
export interface Prediction {
  label: string;
  probabilities: Record<string, number>;
}

/** Options of {@link TrainedModel.evaluate}. */
export interface EvaluateOptions {
  onInvalid?: 'error' | 'skip';
  /** Evaluate only the first N documents. */
  limit?: number;
  /** Rows per forward pass (default 100). */
  batchSize?: number;
}

/** Metrics on a data source, with the labels of the confusion matrix's rows and columns. */
export interface SourceEvaluation extends Evaluation {
  /** Class labels in confusion-matrix order. */
  labels: string[];
  /** Invalid records skipped, by reason. */
  skipped: Record<string, number>;
}

/** A trained directory loaded for use. */
export interface TrainedModel {
  model: tf.LayersModel;
  tokenizer: Tokenizer;
  labels: LabelMap;
  config: RunConfig;
  /** Class probabilities for each text, encoded as at training time. */
  predict(texts: readonly string[]): Promise<Prediction[]>;
  /** Accuracy, macro-F1, loss and confusion matrix on a labelled source (every part of it). */
  evaluate(source: DataSource, options?: EvaluateOptions): Promise<SourceEvaluation>;
  /** Frees the model's tensors. */
  dispose(): void;
}

async function readJson(dir: string, file: string): Promise<unknown> {
  const path = join(dir, file);
  try {
    await access(path);
  } catch {
    throw new PipelineConfigError(
      `${path} not found: ${JSON.stringify(dir)} is not a trained model directory (expected ${RUN_FILES.model}, ${RUN_FILES.weights}, ${RUN_FILES.tokenizer}, ${RUN_FILES.labels}, ${RUN_FILES.config}; made by trainModel / srnn train)`,
    );
  }
  return JSON.parse(await readFile(path, 'utf8')) as unknown;
}

function readRunConfig(json: unknown, dir: string): RunConfig {
  const config = json as Partial<RunConfig> | null;
  if (config?.format !== RUN_CONFIG_FORMAT || config.version !== 1) {
    throw new PipelineConfigError(
      `${join(dir, RUN_FILES.config)}: expected format '${RUN_CONFIG_FORMAT}' version 1`,
    );
  }
  return config as RunConfig;
}

/**
 * Loads a directory written by {@link trainModel}: the classifier, its tokenizer, labels and run
 * configuration, with `predict` and `evaluate` that encode text exactly as training did.
 */
export async function loadTrainedModel(dir: string): Promise<TrainedModel> {
  const config = readRunConfig(await readJson(dir, RUN_FILES.config), dir);
  const tokenizer = Tokenizer.fromJSON((await readJson(dir, RUN_FILES.tokenizer)) as object);
  const labels = LabelMap.fromJSON(await readJson(dir, RUN_FILES.labels));
  await readJson(dir, RUN_FILES.model);
  const { model } = await loadClassifier(dir);
  const { maxLength } = config.data;

  const predict = async (texts: readonly string[]): Promise<Prediction[]> => {
    if (texts.length === 0) return [];
    const x = new Int32Array(texts.length * maxLength);
    texts.forEach((text, r) =>
      tokenizer.encodeInto(text, x.subarray(r * maxLength, (r + 1) * maxLength)),
    );
    const split = { x, shape: [texts.length, maxLength] as const, y: new Int32Array(texts.length) };
    const predictions: Prediction[] = [];
    for await (const batch of predictBatches(model, split)) {
      for (let r = 0; r < batch.rows; r++) {
        const probabilities: Record<string, number> = {};
        let best = 0;
        for (let c = 0; c < batch.classes; c++) {
          const p = batch.probabilities[r * batch.classes + c]!;
          probabilities[labels.labelOf(c)] = p;
          if (p > batch.probabilities[r * batch.classes + best]!) best = c;
        }
        predictions.push({ label: labels.labelOf(best), probabilities });
      }
    }
    return predictions;
  };

  const evaluate = async (
    source: DataSource,
    options: EvaluateOptions = {},
  ): Promise<SourceEvaluation> => {
    const resolved = parseOptions(dataSourceSchema, source, 'evaluate source');
    const opened = openSource(resolved, options.onInvalid ?? 'error');
    const records: RecordSource =
      opened.kind === 'pooled'
        ? opened.records
        : concatSources(
            [opened.parts.train, opened.parts.dev, opened.parts.test].filter(
              (s): s is RecordSource => s !== undefined,
            ),
          );
    const encoded = await encodeDataset(limitSource(records, options.limit), {
      maxLen: maxLength,
      tokenizer,
      labels,
    });
    if (encoded.shape[0] === 0) {
      throw new PipelineConfigError(`${opened.description}: no documents to evaluate`);
    }
    const evaluation = await evaluateClassifier(
      model,
      { x: encoded.x, shape: encoded.shape, y: encoded.y },
      options.batchSize !== undefined ? { batchSize: options.batchSize } : undefined,
    );
    return {
      ...evaluation,
      labels: [...labels.labels],
      skipped: { ...encoded.skipped } as Record<string, number>,
    };
  };

  return { model, tokenizer, labels, config, predict, evaluate, dispose: () => model.dispose() };
}
