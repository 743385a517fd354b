/** @srnn/inference for Node: everything of the default entry, plus loading from a directory. */
import { readBundleDirectory } from '@srnn/bundle/node';
import type { ReadBundleOptions } from '@srnn/bundle';
import { createClassifier, type TextClassifier } from './classifier';

export * from './index';

/** Loads the model directory `dir` written by `srnn train` (checked as a whole first). */
export async function loadClassifierFromDirectory(
  dir: string,
  options: ReadBundleOptions = {},
): Promise<TextClassifier> {
  return createClassifier(await readBundleDirectory(dir, options), dir);
}
export {
  exportWebSite,
  SITE_MARKER,
  WebSiteError,
  type WebSiteOptions,
  type WebSiteSummary,
} from './web-site';
export {
  float16Bits,
  quantizeWeights,
  uint8Codes,
  WEB_WEIGHTS,
  type WebWeights,
} from './quantize-weights';
