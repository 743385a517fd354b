// A checked bundle turned into a text classifier: the model is built from the bundle's verified
// bytes, and text is encoded exactly as @srnn/pipeline encodes it for prediction (the tokenizer's
// encodeInto into one maxLength row per text, padded and truncated as training did).
import * as tf from '@tensorflow/tfjs';
import type { BundleContents } from '@srnn/bundle';
import { listCells } from '@srnn/model';
import type { Tokenizer } from '@srnn/text';

/** One prediction: the most probable label and every class's probability. */
export interface Prediction {
  label: string;
  /** Class probabilities by label, in the bundle's label order. */
  probabilities: Record<string, number>;
  /** Tokens of the text the model knows (0: empty or all unknown words; the answer is a prior). */
  knownTokens: number;
}

/** Options of {@link TextClassifier.classify}. */
export interface ClassifyOptions {
  /** Rows per forward pass (default 100, as the pipeline). */
  batchSize?: number;
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
   * Whether the model has an attention level whose weights can be shown per word. No model
   * written today has one; the web page then says so instead of showing words.
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

/** Whether the model's recorded configuration has a level of kind 'attention'. */
function declaresAttention(model: Record<string, unknown>): boolean {
  const srnn = (model['userDefinedMetadata'] as { srnn?: { description?: unknown } } | undefined)
    ?.srnn;
  return JSON.stringify(srnn?.description ?? {}).includes('"attention"');
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
      const output = tf.tidy(
        () => model.predict(tf.tensor2d(x, [rows, maxLength], 'int32')) as tf.Tensor,
      );
      let p: Float32Array;
      try {
        p = (await output.data()) as Float32Array;
      } finally {
        output.dispose();
      }
      const classes = labels.length;
      for (let r = 0; r < rows; r++) {
        const probabilities: Record<string, number> = {};
        let best = 0;
        for (let c = 0; c < classes; c++) {
          probabilities[labels[c]!] = p[r * classes + c]!;
          if (p[r * classes + c]! > p[r * classes + best]!) best = c;
        }
        predictions.push({ label: labels[best]!, probabilities, knownTokens: known[r]! });
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
    hasAttention: declaresAttention(contents.model),
    classify,
    dispose: () => model.dispose(),
  };
}
