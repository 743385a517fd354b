import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { productThreads, setProductThreads } from '@srnn/backend';
import { trainClassifier } from '../src';
import { faultRun } from './fixtures/fault-run';
import { temporaryDirectory, useCpuBackend } from './helpers';

beforeAll(useCpuBackend);

describe('the thread layout of large products', () => {
  const before = productThreads();
  afterEach(() => setProductThreads(before));

  it('is recorded in the checkpoint and set back on resume, with a note', async () => {
    const dir = await temporaryDirectory();
    try {
      setProductThreads(3);
      const controller = { aborted: false };
      await trainClassifier({
        ...faultRun(),
        outputDir: dir.path,
        signal: controller,
        onStepEnd: (info) => {
          if (info.globalStep === 2) controller.aborted = true;
        },
      });
      const manifest = JSON.parse(await readFile(join(dir.path, 'checkpoint.json'), 'utf8')) as {
        layout: unknown;
      };
      expect(manifest.layout).toEqual({ backend: 'cpu', productThreads: 3 });

      // Another process, started with another thread count.
      setProductThreads(1);
      let said = '';
      const result = await trainClassifier({
        ...faultRun(),
        outputDir: dir.path,
        progress: 'lines',
        progressStream: { write: (text: string) => (said += text) },
      });
      expect(result.status).toBe('completed');
      expect(productThreads()).toBe(3);
      expect(said).toContain(
        'large products run on 3 thread(s), as when the checkpoint was written (this process had 1)',
      );
    } finally {
      await dir.cleanup();
    }
  });
});
