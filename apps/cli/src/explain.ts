import { topLevelSpans, type AttendedSpan } from '@srnn/inference';
import type { TrainedModel } from '@srnn/pipeline';

export type { AttendedSpan };

/** Whether the model's top level pools by attention (so `--explain` has something to show). */
export function hasAttention(trained: TrainedModel): boolean {
  const model = trained.config?.model as { architecture?: string; attention?: boolean } | undefined;
  return model?.architecture === 'srnn' && model.attention === true;
}

/**
 * The top level's attention over `text`, step by step, as word spans of the encoded text (in the
 * text's order), weights to 4 significant digits. The spans come from @srnn/inference, which the
 * exported web page uses too.
 */
export function explainText(trained: TrainedModel, text: string): AttendedSpan[] {
  return topLevelSpans(trained.model, trained.tokenizer, text).map((span) => ({
    ...span,
    weight: Number(span.weight.toPrecision(4)),
  }));
}
