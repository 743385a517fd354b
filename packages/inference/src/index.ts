/**
 * @srnn/inference: a trained model directory (a bundle written by `srnn train`) as a text
 * classifier. This entry runs in browsers (fetching the bundle from a URL) and in Node; the Node
 * entry ('@srnn/inference/node', chosen automatically under Node) adds loading from a directory.
 */
import '@srnn/cell-lstm';
import { readBundle, type BundleReader, type ReadBundleOptions } from '@srnn/bundle';
import { createClassifier, type TextClassifier } from './classifier';
import { urlReader, type FetchLike } from './url-reader';

export {
  createClassifier,
  MissingCellError,
  type ClassifyOptions,
  type Prediction,
  type TextClassifier,
} from './classifier';
export { urlReader, type FetchLike } from './url-reader';
export {
  attentionSpans,
  topLevelSpans,
  wordsById,
  type AttendedSpan,
  type LevelSpans,
} from './attention-spans';

/** Checks a whole bundle (hashes, sizes, agreement of its files) and builds the classifier. */
export async function loadClassifier(
  reader: BundleReader,
  options: ReadBundleOptions = {},
): Promise<TextClassifier> {
  const contents = await readBundle(reader, options);
  return createClassifier(contents, reader.describe?.('') ?? 'the model bundle');
}

/** Loads the bundle served at `base` (a URL of the directory holding bundle.json). */
export function loadClassifierFromUrl(
  base: string,
  options: ReadBundleOptions & { fetch?: FetchLike } = {},
): Promise<TextClassifier> {
  const { fetch: fetchFn, ...rest } = options;
  return loadClassifier(urlReader(base, fetchFn), rest);
}
