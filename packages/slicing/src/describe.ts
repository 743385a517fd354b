import { assertPlan } from './plan-guard';
import type { SlicePlan } from './types';

/**
 * A few lines for logs and docs: the name, T and padding, each level's count and length, and the
 * sequential depth against the T steps of an unsliced RNN.
 *
 * @example
 * describePlan(plan({ length: 500, slices: 8, depth: 2 }))
 * // SRNN(8,2) on T = 500: front-padded by 12 to 512 = 64 x 8
 * // level 0: 64 minimal subsequences of length 8
 * // level 1: 8 sequences of 8 level-0 states
 * // level 2: 1 sequence of 8 level-1 states
 * // sequential depth: 24 steps (8 + 8 + 8) against 500 for an unsliced RNN, 20.8x fewer
 */
export function describePlan(p: SlicePlan): string {
  assertPlan(p);
  const lines: string[] = [];
  const padding =
    p.frontPadding === 0
      ? `no padding, ${p.paddedLength} = ${p.levels[0]?.count} x ${p.minimalLength}`
      : `front-padded by ${p.frontPadding} to ${p.paddedLength} = ` +
        `${p.levels[0]?.count} x ${p.minimalLength}`;
  lines.push(`${p.name} on T = ${p.length}: ${p.depth === 0 ? 'no slicing' : padding}`);
  for (const level of p.levels) {
    if (level.level === 0) {
      lines.push(
        p.depth === 0
          ? `level 0: 1 sequence of length ${level.length}`
          : `level 0: ${plural(level.count, 'minimal subsequence')} of length ${level.length}`,
      );
    } else {
      lines.push(
        `level ${level.level}: ${plural(level.count, 'sequence')} of ${level.length} ` +
          `level-${level.level - 1} states`,
      );
    }
  }
  const terms = [p.minimalLength, ...p.slices].join(' + ');
  lines.push(
    `sequential depth: ${plural(p.sequentialDepth, 'step')}` +
      (p.depth === 0 ? '' : ` (${terms})`) +
      ` against ${p.length} for an unsliced RNN${comparison(p.sequentialDepth, p.length)}`,
  );
  return lines.join('\n');
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

function comparison(depth: number, length: number): string {
  if (depth === length) return ', the same';
  if (depth < length) return `, ${formatRatio(length / depth)}x fewer`;
  return `, ${depth - length} more`;
}

function formatRatio(ratio: number): string {
  return ratio >= 100 ? ratio.toFixed(0) : ratio.toFixed(1);
}
