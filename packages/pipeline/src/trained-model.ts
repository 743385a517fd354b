import * as tf from '@tensorflow/tfjs';
import '@srnn/cell-lstm';
import { concatSources, encodeDataset, LabelMap, type RecordSource } from '@srnn/datasets';
import { evaluateClassifier, predictBatches, type EncodedSplit, type Evaluation } from '@srnn/eval';
import type { Tokenizer } from '@srnn/text';
import { loadBundleModel, type CellPackageLoader } from './bundle-io';
import { dataSourceSchema, type DataSource } from './config';
import { parseOptions } from '@srnn/errors';
import { PipelineConfigError } from './errors';
import { dataDifferences, fingerprintData } from './fingerprint';
import { prepareData } from './prepare';
import type { RunConfig } from './run-files';
import { limitSource, openSource } from './sources';

/** One prediction: the most probable label and every class's probability. */
export interface Prediction {
  label: string;
  probabilities: Record<string, number>;
  /** Tokens of the text the model knows (0: empty or all unknown words; the answer is a prior). */
  knownTokens: number;
}

/** The splits {@link TrainedModel.evaluate} can score. */
export const evaluationSplits = ['all', 'train', 'validation', 'test'] as const;

/** Options of {@link TrainedModel.evaluate}. */
export interface EvaluateOptions {
  onInvalid?: 'error' | 'skip';
  /** A record whose label the model does not know: 'error' (default) refuses it, 'skip' drops and counts it. */
  unknownLabels?: 'error' | 'skip';
  /** Evaluate only the first N documents. */
  limit?: number;
  /** Rows per forward pass (default: passes of about 131,072 tokens, at least 100 rows). */
  batchSize?: number;
  /**
   * 'all' (default): every record of the source. 'train' | 'validation' | 'test': only that split of
   * the training data, re-derived exactly as training split it; the source must be the training
   * data, unchanged (checked by content hash).
   */
  split?: (typeof evaluationSplits)[number];
  /** How messages name the split option (a command line passes its flag). */
  splitOptionName?: string;
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
  /** The text and label fields used in training (absent for first-release directories). */
  fields: { text?: string | number; label?: string | number };
  /** One-line notices about the directory (e.g. an earlier format), for the user. */
  notices: string[];
  /** Class probabilities for each text, encoded as at training time. */
  predict(texts: readonly string[]): Promise<Prediction[]>;
  /** Accuracy, macro-F1, loss and confusion matrix on a labelled source (every part of it). */
  evaluate(source: DataSource, options?: EvaluateOptions): Promise<SourceEvaluation>;
  /** Frees the model's tensors. */
  dispose(): void;
}

/**
 * Loads a model bundle written by {@link trainModel} (or a first-release directory, with a
 * notice): checks it as a whole (@srnn/bundle), then gives `predict` and `evaluate` that encode
 * text exactly as training did.
 *
 * `options.loadCellPackage` imports a cell package the model needs that is not registered yet.
 *
 * @throws BundleError naming the file that disagrees; PipelineConfigError when a cell is missing.
 */
export async function loadTrainedModel(
  dir: string,
  options: { loadCellPackage?: CellPackageLoader } = {},
): Promise<TrainedModel> {
  const { contents, model } = await loadBundleModel(dir, options.loadCellPackage);
  const config = contents.config as unknown as RunConfig;
  const tokenizer = contents.tokenizer;
  const labels = LabelMap.fromLabels(contents.labels);
  const { maxLength } = contents.agree;
  const fields = {
    ...(contents.agree.textField !== undefined ? { text: contents.agree.textField } : {}),
    ...(contents.agree.labelField !== undefined ? { label: contents.agree.labelField } : {}),
  };

  const predict = async (texts: readonly string[]): Promise<Prediction[]> => {
    if (texts.length === 0) return [];
    const x = new Int32Array(texts.length * maxLength);
    const known = texts.map((text, r) =>
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
        predictions.push({
          label: labels.labelOf(best),
          probabilities,
          knownTokens: known[predictions.length]!,
        });
      }
    }
    return predictions;
  };

  const evaluate = async (
    source: DataSource,
    options: EvaluateOptions = {},
  ): Promise<SourceEvaluation> => {
    const resolved = parseOptions(dataSourceSchema, source, 'evaluate source');
    if (options.split !== undefined && options.split !== 'all') {
      return evaluateSplit(resolved, options.split, options);
    }
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
      unknownLabels: options.unknownLabels ?? 'error',
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

  /** One split of the training data, re-derived as training did, with this model's tokenizer. */
  const evaluateSplit = async (
    source: DataSource,
    split: 'train' | 'validation' | 'test',
    options: EvaluateOptions,
  ): Promise<SourceEvaluation> => {
    const flag = options.splitOptionName ?? 'split';
    const recorded = config.fingerprint?.data;
    if (recorded === undefined) {
      throw new PipelineConfigError(
        `${dir}: ${flag} ${split} needs a model that records the fingerprint of its training data (written by this version of srnn train)`,
      );
    }
    const given = await fingerprintData(parseOptions(dataSourceSchema, source, 'evaluate source'));
    if (given.sha256 !== recorded.sha256) {
      throw new PipelineConfigError(
        `${flag} ${split} scores a split of the training data, but ${dataDifferences(recorded, given).join('; ')}`,
      );
    }
    const data = await prepareData(source, config.data.options);
    if (JSON.stringify(data.tokenizer.toJSON()) !== JSON.stringify(tokenizer.toJSON())) {
      throw new PipelineConfigError(
        `${flag} ${split}: re-reading the training data gave another vocabulary than the model's tokenizer`,
      );
    }
    const rows: EncodedSplit = data[split];
    const evaluation = await evaluateClassifier(
      model,
      rows,
      options.batchSize !== undefined ? { batchSize: options.batchSize } : undefined,
    );
    return { ...evaluation, labels: [...labels.labels], skipped: data.stats.skipped };
  };

  return {
    model,
    tokenizer,
    labels,
    config,
    fields,
    notices: contents.notices,
    predict,
    evaluate,
    dispose: () => model.dispose(),
  };
}
