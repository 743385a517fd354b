import { z } from 'zod';
import { SrnnError } from './srnn-error';

/**
 * One bad field: its path as a reader writes it (`levels[0].units`; empty for the whole value)
 * and what is wrong with it.
 */
export interface FieldProblem {
  field: string;
  message: string;
}

/**
 * Options or configuration that failed validation at a package boundary. The message reads
 * `where: field: problem; field: problem`, and `problems` holds the same as data, so a command
 * line can name its flags instead of the library's field names ({@link renameFields}).
 */
export class OptionsError extends SrnnError {
  /** The function or boundary that refused the options, e.g. `trainClassifier options`. */
  readonly where: string;
  readonly problems: readonly FieldProblem[];

  constructor(where: string, problems: readonly FieldProblem[]) {
    super(formatProblems(where, problems), problems[0] ? { field: problems[0].field } : {});
    this.where = where;
    this.problems = problems;
  }
}

/**
 * `where: field: message; field: message`, without `where: ` when `where` is empty and without
 * `field: ` for a problem of the whole value (an unknown key at the top level).
 */
export function formatProblems(where: string, problems: readonly FieldProblem[]): string {
  const clauses = problems
    .map((problem) => (problem.field ? `${problem.field}: ${problem.message}` : problem.message))
    .join('; ');
  return where ? `${where}: ${clauses}` : clauses;
}

/** Renders a zod path the way a reader writes it: `['slices', 1]` -> `slices[1]`. */
export function formatPath(root: string, path: readonly PropertyKey[]): string {
  let field = root;
  for (const key of path) {
    if (typeof key === 'number') field += `[${key}]`;
    else field = field ? `${field}.${String(key)}` : String(key);
  }
  return field;
}

/** The keys an object schema accepts, for "valid options: ..." (none for other schemas). */
function knownKeys(schema: z.ZodType | undefined): string[] {
  return schema instanceof z.ZodObject ? Object.keys(schema.shape as object) : [];
}

/**
 * A schema's own message often starts with the field's name (`batchSize must be ...`); the field
 * is printed before it anyway, so the name is dropped to read `batchSize: must be ...`.
 */
function withoutLeadingName(issue: z.core.$ZodIssue): string {
  const leaf = issue.path[issue.path.length - 1];
  return typeof leaf === 'string' && issue.message.startsWith(`${leaf} `)
    ? issue.message.slice(leaf.length + 1)
    : issue.message;
}

/**
 * Turns zod issues into field problems (`wholeValue` names a problem of the value itself, e.g.
 * `input`; default `(value)`). An unknown key is usually a misspelt one, which also
 * leaves its real field missing, so unknown keys come first and list the valid ones.
 */
export function fieldProblems(
  error: z.ZodError,
  options: { root?: string; schema?: z.ZodType; wholeValue?: string } = {},
): FieldProblem[] {
  const root = options.root ?? '';
  const wholeValue = options.wholeValue ?? '(value)';
  const unknown = error.issues.filter((issue) => issue.code === 'unrecognized_keys');
  const rest = error.issues.filter((issue) => issue.code !== 'unrecognized_keys');
  return [...unknown, ...rest].map((issue) => {
    if (issue.code === 'unrecognized_keys') {
      const where = formatPath(root, issue.path);
      const valid = issue.path.length === 0 ? knownKeys(options.schema) : [];
      const names = issue.keys.map((key) => `'${key}'`).join(', ');
      // The field is where the unknown key stands (empty at the top), not the key itself.
      return {
        field: where,
        message:
          `unknown field${issue.keys.length > 1 ? 's' : ''} ${names}` +
          (valid.length > 0 ? `; valid fields: ${valid.join(', ')}` : ''),
      };
    }
    return { field: formatPath(root, issue.path) || wholeValue, message: withoutLeadingName(issue) };
  });
}

/**
 * Validates `value` with `schema` at a public boundary, or throws one {@link OptionsError} that
 * names every bad field and what it accepts. Absent options for an object schema mean all of its
 * defaults (`undefined` is read as `{}`).
 */
export function parseOptions<S extends z.ZodType>(
  schema: S,
  value: unknown,
  where: string,
  options: { root?: string } = {},
): z.output<S> {
  const absent = value === undefined && schema instanceof z.ZodObject;
  const result = schema.safeParse(absent ? {} : value);
  if (result.success) return result.data;
  throw new OptionsError(where, fieldProblems(result.error, { ...options, schema }));
}

/**
 * The same error with its fields renamed, e.g. library option names to the command line's flags
 * (`{ batchSize: '--batch-size' }`); a field's longest renamed prefix is replaced, so
 * `levels[0].units` can become `--units`-relative text. Fields with no name stay as they are.
 */
export function renameFields(
  error: OptionsError,
  names: Readonly<Record<string, string>>,
  where = error.where,
): OptionsError {
  const rename = (field: string): string => {
    const prefix = Object.keys(names)
      .filter((key) => field === key || field.startsWith(`${key}.`) || field.startsWith(`${key}[`))
      .sort((a, b) => b.length - a.length)[0];
    return prefix === undefined ? field : `${names[prefix]}${field.slice(prefix.length)}`;
  };
  return new OptionsError(
    where,
    error.problems.map((problem) => ({ ...problem, field: rename(problem.field) })),
  );
}
