// A checked bundle turned into a text classifier: the model is built from the bundle's verified
// bytes, and text is encoded exactly as @srnn/pipeline encodes it for prediction (the tokenizer's
// encodeInto into one maxLength row per text, padded and truncated as training did).
import * as tf from '@tensorflow/tfjs';
import type { BundleContents } from '@srnn/bundle';
import { listCells, SlicedRNN } from '@srnn/model';
import type { Tokenizer } from '@srnn/text';
import { attentionSpans, wordsById, type LevelSpans } from './attention-spans';

/** One prediction: the most probable label and every class's probability. */
export interface Prediction {
  label: string;
  /** Class probabilities by label, in the bundle's label order. */
  probabilities: Record<string, number>;
  /** Tokens of the text the model knows (0: empty or all unknown words; the answer is a prior). */
  knownTokens: number;
  /**
   * With `explain: true` on a model with attention: each attention level's weights as word spans
   * of the text, levels in ascending order (the last is the top level).
   */
  attention?: LevelSpans[];
}

/** Options of {@link TextClassifier.classify}. */
export interface ClassifyOptions {
  /** Rows per forward pass (default 100, as the pipeline). */
  batchSize?: number;
  /**
   * Add each attention level's weights as word spans (`Prediction.attention`) when the model has
   * attention ({@link TextClassifier.hasAttention}); ignored otherwise.
   */
  explain?: boolean;
}

/** A trained model ready to classify raw text. */
export interface TextClassifier {
  /** Class labels, index = class id. */
  readonly labels: readonly string[];
  /** Token ids per text the model reads. */
  readonly maxLength: number;
  readonly tokenizer: Tokenizer;
  readonly model: tf.LayersModel;
  /** One-line notices about the bundle (e.g. an earlier directory format). */
  readonly notices: readonly string[];
  /**
   * Whether the model has an attention level, whose weights `classify(texts, { explain: true })`
   * gives per word span; without one the web page says so instead of showing words.
   */
  readonly hasAttention: boolean;
  classify(texts: readonly string[], options?: ClassifyOptions): Promise<Prediction[]>;
  /** Frees the model's tensors. */
  dispose(): void;
}

/** Thrown when a bundle needs a cell that no installed package registered. */
export class MissingCellError extends Error {
  override name = 'MissingCellError';
}

/** Whether the loaded model's SlicedRNN layer pools any level by attention. */
function poolsByAttention(model: tf.LayersModel): boolean {
  return model.layers.some(
    (layer) =>
      layer instanceof SlicedRNN && layer.levels.some((level) => level.attention !== undefined),
  );
}

/** Builds the TensorFlow.js model from a bundle already checked by @srnn/bundle. */
export async function createClassifier(
  contents: BundleContents,
  where = 'the model bundle',
): Promise<TextClassifier> {
  const missing = contents.cells.filter((c) => !listCells().includes(c.name));
  if (missing.length > 0) {
    throw new MissingCellError(
      `${where}: the model needs ${missing.map((c) => `the cell '${c.name}' (npm package ${c.package})`).join(', ')}: install and import it before loading (cells are never loaded from the bundle)`,
    );
  }
  const model = await tf.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: contents.model['modelTopology'] as object,
      weightSpecs: contents.weightSpecs,
      weightData: contents.weights.slice().buffer,
      userDefinedMetadata: contents.model['userDefinedMetadata'] as Record<string, unknown>,
    }),
  );
  const { maxLength } = contents.agree;
  const labels = [...contents.labels];
  const tokenizer = contents.tokenizer;
  const hasAttention = poolsByAttention(model);
  let wordOf: Map<number, string> | undefined; // built on the first explain

  const classify = async (
    texts: readonly string[],
    options: ClassifyOptions = {},
  ): Promise<Prediction[]> => {
    const batchSize = options.batchSize ?? 100;
    if (!Number.isInteger(batchSize) || batchSize < 1)
      throw new RangeError(`classify: batchSize must be a positive integer, got ${batchSize}`);
    const predictions: Prediction[] = [];
    for (let start = 0; start < texts.length; start += batchSize) {
      const rows = Math.min(batchSize, texts.length - start);
      const x = new Int32Array(rows * maxLength);
      const known: number[] = [];
      for (let r = 0; r < rows; r++)
        known.push(
          tokenizer.encodeInto(texts[start + r]!, x.subarray(r * maxLength, (r + 1) * maxLength)),
        );
      // One forward pass of the batch (tf.LayersModel.predict would cut it into passes of 32 rows).
      const output = tf.tidy(
        () =>
          model.predict(tf.tensor2d(x, [rows, maxLength], 'int32'), {
            batchSize: rows,
          }) as tf.Tensor,
      );
      let p: Float32Array;
      try {
        p = (await output.data()) as Float32Array;
      } finally {
        output.dispose();
      }
      const attention =
        options.explain === true && hasAttention
          ? attentionSpans(model, x, known, maxLength, (wordOf ??= wordsById(tokenizer)))
          : undefined;
      const classes = labels.length;
      for (let r = 0; r < rows; r++) {
        const probabilities: Record<string, number> = {};
        let best = 0;
        for (let c = 0; c < classes; c++) {
          probabilities[labels[c]!] = p[r * classes + c]!;
          if (p[r * classes + c]! > p[r * classes + best]!) best = c;
        }
        predictions.push({
          label: labels[best]!,
          probabilities,
          knownTokens: known[r]!,
          ...(attention ? { attention: attention[r]! } : {}),
        });
      }
    }
    return predictions;
  };

  return {
    labels,
    maxLength,
    tokenizer,
    model,
    notices: [...contents.notices],
    hasAttention,
    classify,
    dispose: () => model.dispose(),
  };
}
