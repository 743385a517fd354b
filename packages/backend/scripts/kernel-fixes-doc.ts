// Regenerates the README's list of replaced kernels from KERNEL_FIXES (`pnpm run docs:kernels`).
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { kernelFixesMarkdown, withKernelFixesSection } from '../src/kernel-fixes-doc';
import { KERNEL_FIXES } from '../src/register-kernel-fixes';

const readmePath = fileURLToPath(new URL('../README.md', import.meta.url));
writeFileSync(
  readmePath,
  withKernelFixesSection(readFileSync(readmePath, 'utf8'), kernelFixesMarkdown(KERNEL_FIXES)),
);
execFileSync('pnpm', ['exec', 'prettier', '--write', readmePath], { stdio: 'inherit' });
