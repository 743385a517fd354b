import { learningRateScheduleSchema, type LearningRateScheduleOptions } from '@srnn/eval';
import { OptionsError, parseOptions, renameFields } from '@srnn/errors';
import { UsageError } from './errors';

/** The forms --lr-schedule accepts (the kinds of @srnn/eval's learning-rate schedule). */
export const LR_SCHEDULE_FORMS = [
  'constant',
  'step:FACTOR:EVERY_EPOCHS',
  'warmup:STEPS',
  'cosine[:WARMUP_STEPS[:MIN_LR]]',
] as const;

const KEYS: Record<string, readonly string[]> = {
  constant: [],
  step: ['factor', 'everyEpochs'],
  warmup: ['warmupSteps'],
  cosine: ['warmupSteps', 'minLearningRate'],
};

/** The numbers of each form, as {@link LR_SCHEDULE_FORMS} writes them. */
const FORM_NAMES: Record<string, readonly string[]> = {
  step: ['FACTOR', 'EVERY_EPOCHS'],
  warmup: ['STEPS'],
  cosine: ['WARMUP_STEPS', 'MIN_LR'],
};

/** `why` follows the flag: ` must be ...`, or `: field: problem` for a bad number. */
const refuse = (value: string, why: string): never => {
  throw new UsageError(
    `--lr-schedule${why}; got '${value}'. Give one of ${LR_SCHEDULE_FORMS.join(', ')} ` +
      `(e.g. step:0.5:2 halves the rate every 2 epochs)`,
  );
};

/** Parses `--lr-schedule`, e.g. 'step:0.5:2', into @srnn/eval's schedule options. */
export function parseLrSchedule(value: string): LearningRateScheduleOptions {
  const [kind = '', ...numbers] = value.trim().split(':');
  const keys = KEYS[kind];
  if (keys === undefined) return refuse(value, ` must be one of constant, step, warmup, cosine`);
  const required = kind === 'cosine' ? 0 : keys.length;
  if (numbers.length < required || numbers.length > keys.length) {
    return refuse(
      value,
      ` '${kind}' takes ${keys.length === required ? keys.length : `up to ${keys.length}`} number(s)`,
    );
  }
  const schedule: Record<string, unknown> = { kind };
  numbers.forEach((text, i) => {
    const n = Number(text);
    schedule[keys[i]!] = text.trim() === '' ? Number.NaN : n;
  });
  try {
    parseOptions(learningRateScheduleSchema, schedule, '');
  } catch (error) {
    if (!(error instanceof OptionsError)) throw error;
    // Each number is named as the form writes it, e.g. `step FACTOR` for `factor`.
    const named = renameFields(
      error,
      Object.fromEntries(keys.map((key, i) => [key, `${kind} ${FORM_NAMES[kind]![i]!}`])),
    );
    return refuse(value, `: ${named.message}`);
  }
  return schedule as LearningRateScheduleOptions;
}
