// Kernel replacements are scoped: importing the package replaces nothing; selectBackend replaces
// exactly the documented kernels of the chosen backend, unless told not to; and the README's list
// is the code's own.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { activeKernelFixes, registerKernelFixes } from '../src/node';
import { defaultLoaders } from '../src/backend-loaders';
import {
  KERNEL_FIXES_DOC_END,
  KERNEL_FIXES_DOC_START,
  kernelFixesMarkdown,
  normalisedSection,
} from '../src/kernel-fixes-doc';
import { createBackendSelector } from '../src/select-backend';
import { KERNEL_FIXES } from '../src/testing';

const quiet = { log: () => undefined };

/** The kernel each backend runs now for `kernelName`, to compare before and after. */
const kernelOf = (kernelName: string, backend: string) =>
  tf.getKernelsForBackend(backend).find((k) => k.kernelName === kernelName)?.kernelFunc;

// Runs first: nothing in this file has selected a backend yet.
it('importing the package (both entries) replaces no kernel', () => {
  expect(activeKernelFixes('wasm')).toEqual([]);
  expect(activeKernelFixes('cpu')).toEqual([]);
});

it('says truly which fixes replace a stock kernel and which add one the backend lacks', () => {
  for (const fix of KERNEL_FIXES) {
    const stock = kernelOf(fix.kernelName, fix.backendName);
    expect({ fix: `${fix.kernelName}/${fix.backendName}`, replaces: stock !== undefined }).toEqual({
      fix: `${fix.kernelName}/${fix.backendName}`,
      replaces: fix.replacesStock,
    });
  }
});

describe('opting out', () => {
  it('kernelFixes: false selects the backend and leaves its stock kernels', async () => {
    const stock = kernelOf('Slice', 'wasm');
    const select = createBackendSelector(defaultLoaders, {});
    const choice = await select({ ...quiet, backend: 'wasm', kernelFixes: false });
    expect(choice.tfBackend).toBe('wasm');
    expect(choice.kernelFixes).toEqual([]);
    expect(kernelOf('Slice', 'wasm')).toBe(stock);
    expect(activeKernelFixes('wasm')).toEqual([]);
  });

  it('SRNN_KERNEL_FIXES=off does the same; a value that is not on/off is refused by name', async () => {
    const select = createBackendSelector(defaultLoaders, { SRNN_KERNEL_FIXES: 'off' });
    expect((await select({ ...quiet, backend: 'cpu' })).kernelFixes).toEqual([]);
    expect(activeKernelFixes('cpu')).toEqual([]);
    const bad = createBackendSelector(defaultLoaders, { SRNN_KERNEL_FIXES: 'maybe' });
    await expect(bad({ ...quiet, backend: 'cpu' })).rejects.toThrow(
      "SRNN_KERNEL_FIXES must be on or off (also 1/0, true/false, yes/no); got 'maybe'",
    );
  });

  it('by default selectBackend replaces exactly the listed kernels of the chosen backend', async () => {
    const cpuBefore = kernelOf('UnsortedSegmentSum', 'cpu');
    const select = createBackendSelector(defaultLoaders, {});
    const choice = await select({ ...quiet, backend: 'wasm' });
    const listed = KERNEL_FIXES.filter((f) => f.backendName === 'wasm').map((f) => f.kernelName);
    expect(choice.kernelFixes.sort()).toEqual([...listed].sort());
    // The other backend is untouched until it is chosen.
    expect(kernelOf('UnsortedSegmentSum', 'cpu')).toBe(cpuBefore);
    expect(registerKernelFixes('cpu')).toEqual(['UnsortedSegmentSum']);
  });
});

it("the README's list of replaced kernels is generated from the code's", () => {
  const readme = readFileSync(join(__dirname, '../README.md'), 'utf8');
  const start = readme.indexOf(KERNEL_FIXES_DOC_START);
  const end = readme.indexOf(KERNEL_FIXES_DOC_END);
  expect(start).toBeGreaterThan(0);
  const documented = normalisedSection(readme.slice(start + KERNEL_FIXES_DOC_START.length, end));
  const generated = normalisedSection(kernelFixesMarkdown(KERNEL_FIXES));
  if (documented !== generated) {
    throw new Error(
      'packages/backend/README.md: the kernel fixes section differs from KERNEL_FIXES; run ' +
        '`pnpm --filter @srnn/backend run docs:kernels`',
    );
  }
});
