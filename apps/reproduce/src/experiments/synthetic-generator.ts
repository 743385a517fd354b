/**
 * The scale experiment's data: @srnn/datasets' generator of synthetic data sets shaped like the
 * paper's (table 1's size, lengths and vocabulary; files named synthetic-*, with a marker file).
 */
import { generateSyntheticDataset } from '@srnn/datasets';
import type { SyntheticGenerator } from './scale';

export function syntheticGenerator(): SyntheticGenerator {
  return (options) =>
    generateSyntheticDataset({
      dataset: options.dataset,
      out: options.out,
      documents: options.documents,
      seed: options.seed,
    });
}
