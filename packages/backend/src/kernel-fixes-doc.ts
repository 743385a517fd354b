import type { KernelFix } from './register-kernel-fixes';

/** The README section between these lines is generated from KERNEL_FIXES (`pnpm run docs:kernels` here). */
export const KERNEL_FIXES_DOC_START =
  '<!-- kernel-fixes:start: generated from KERNEL_FIXES by `pnpm --filter @srnn/backend run docs:kernels` -->';
export const KERNEL_FIXES_DOC_END = '<!-- kernel-fixes:end -->';

const list = (names: string[]): string => names.map((n) => `\`${n}\``).join(', ');

/**
 * The README's list of the stock kernels this package replaces and the ones it adds, per backend,
 * and a table of what each fix does, as Markdown.
 */
export function kernelFixesMarkdown(fixes: readonly KernelFix[]): string {
  const backends = [...new Set(fixes.map((fix) => fix.backendName))];
  const perBackend = backends.map((backend) => {
    const mine = fixes.filter((fix) => fix.backendName === backend);
    const replaced = mine.filter((fix) => fix.replacesStock).map((fix) => fix.kernelName);
    const added = mine.filter((fix) => !fix.replacesStock).map((fix) => fix.kernelName);
    const parts = [];
    if (replaced.length > 0)
      parts.push(`replaces the stock kernel${replaced.length === 1 ? '' : 's'} ${list(replaced)}`);
    if (added.length > 0) parts.push(`adds ${list(added)} (missing there)`);
    return `- **${backend}**: ${parts.join('; ')}.`;
  });
  const others = "Other backends (tfjs-node's `tensorflow`, `webgl`, `webgpu`) get none.";
  const rows = fixes.map(
    (fix) =>
      `| ${fix.kernelName} | ${fix.backendName} | ${fix.replacesStock ? 'replaced' : 'added'} | ${fix.detail} |`,
  );
  return [
    ...perBackend,
    '',
    others,
    '',
    '| kernel | backend | stock kernel | what and why |',
    '| --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
}

/** `readme` with the generated section replaced by `section`; throws when the markers are missing. */
export function withKernelFixesSection(readme: string, section: string): string {
  const start = readme.indexOf(KERNEL_FIXES_DOC_START);
  const end = readme.indexOf(KERNEL_FIXES_DOC_END);
  if (start < 0 || end < start) {
    throw new Error(
      `README.md: the lines ${KERNEL_FIXES_DOC_START} and ${KERNEL_FIXES_DOC_END} are missing`,
    );
  }
  return `${readme.slice(0, start + KERNEL_FIXES_DOC_START.length)}\n\n${section}\n\n${readme.slice(end)}`;
}

/** The generated section of `readme`, with Markdown table padding ignored, for comparing. */
export function normalisedSection(markdown: string): string {
  return markdown
    .split('\n')
    .map((line) =>
      line
        .replace(/\s*\|\s*/g, '|')
        .replace(/-{3,}/g, '---')
        .trim(),
    )
    .filter((line) => line !== '')
    .join('\n');
}
