/**
 * @packageDocumentation
 * One error base class and one zod-issue formatter for every package: messages name the field
 * (or the file and line) and what would be valid, and carry the same as data.
 */
export { FileError, SrnnError, type ErrorLocation } from './srnn-error';
export {
  OptionsError,
  fieldProblems,
  formatPath,
  formatProblems,
  parseOptions,
  renameFields,
  type FieldProblem,
} from './options-error';
export { describeValue, listInputs, quoteInput } from './describe-value';
