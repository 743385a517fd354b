/**
 * The README's section of `pnpm reproduce --experiment scale`: when and where the run was made,
 * then the run's own report (scale.md's text, from the committed scale.json through the same
 * writer, its headings moved under the README's).
 */
import type { ScaleReport } from '../experiments/scale';
import { scaleMarkdown } from '../experiments/scale-report';
import { formatted, wrapProse } from './markdown';
import { describeRun } from './run-description';
import type { ScaleRun } from './run-json';

export const SCALE_COMMAND = 'pnpm reproduce --experiment scale';

export function scaleSection(run: ScaleRun): string {
  const report = scaleMarkdown(run.extra.scale as unknown as ScaleReport)
    .split('\n')
    // The report's title is the README's subsection; its sections become level-4 headings.
    .filter((line) => !line.startsWith('# '))
    .map((line) => (line.startsWith('## ') ? `#### ${line.slice(3)}` : line))
    .join('\n')
    .trim();
  // As the formatter leaves it, so that the section survives `pnpm format` unchanged.
  const text = formatted(report);
  return [
    wrapProse(
      describeRun(SCALE_COMMAND, {
        machine: run.machine,
        conditions: run.extra.conditions,
        backend: run.extra.backend,
      }),
    ),
    text,
  ].join('\n\n');
}

/** What the section says before a run is committed. */
export function scalePlaceholder(file: string): string {
  return wrapProse(
    `No run of \`${SCALE_COMMAND}\` is committed yet (${file}). To fill this section: ` +
      `\`${SCALE_COMMAND} --out results-scale\`, then \`pnpm docs:results --from results-scale\`.`,
  );
}
