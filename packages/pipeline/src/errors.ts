import { SrnnError } from '@srnn/errors';

/**
 * A choice at the pipeline's boundary that cannot work together with the others (a data source
 * with no documents, a model that needs a field the source lacks). Invalid fields of a single
 * option object are refused by `parseOptions` from `@srnn/errors` with an `OptionsError`.
 */
export class PipelineConfigError extends SrnnError {
  override readonly name = 'PipelineConfigError';
}
