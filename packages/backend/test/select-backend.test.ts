import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import type { BackendName } from '../src';
import type { BackendLoaders } from '../src/backend-loaders';
import { BackendLoadError } from '../src/load-failure';
import { createBackendSelector } from '../src/select-backend';

type Outcome = { fails: string } | { tfBackend: 'cpu' | 'wasm' } | { throws: Error };

/** Loaders that fail with a given reason or activate a real backend and describe it as fake. */
function fakeLoaders(outcomes: Partial<Record<BackendName, Outcome>>) {
  const make = (name: BackendName) =>
    jest.fn(async () => {
      const outcome = outcomes[name] ?? { fails: 'not installed' };
      if ('fails' in outcome) throw new BackendLoadError(outcome.fails);
      if ('throws' in outcome) throw outcome.throws;
      await tf.setBackend(outcome.tfBackend);
      return { tfBackend: outcome.tfBackend, detail: `fake ${name}` };
    });
  return {
    'node-gpu': make('node-gpu'),
    node: make('node'),
    wasm: make('wasm'),
    cpu: make('cpu'),
  } satisfies BackendLoaders;
}

const quiet = { log: () => undefined };

describe('selectBackend with the default order', () => {
  it('takes the first backend that loads and says why each faster one was passed over', async () => {
    const loaders = fakeLoaders({
      node: { fails: 'installed, but its native addon (libtensorflow binding) is missing' },
      wasm: { tfBackend: 'wasm' },
      cpu: { tfBackend: 'cpu' },
    });
    const log = jest.fn();
    const choice = await createBackendSelector(loaders, {})({ log });
    expect(choice).toMatchObject({
      name: 'wasm',
      tfBackend: 'wasm',
      detail: 'fake wasm',
      passedOver: [
        { name: 'node-gpu', reason: 'not installed' },
        {
          name: 'node',
          reason: 'installed, but its native addon (libtensorflow binding) is missing',
        },
      ],
    });
    expect(choice.summary).toBe(
      'backend: wasm (fake wasm) — passed over node-gpu (not installed), ' +
        'node (installed, but its native addon (libtensorflow binding) is missing)',
    );
    expect(log.mock.calls).toEqual([[choice.summary]]);
    expect(loaders.cpu).not.toHaveBeenCalled();
    expect(tf.getBackend()).toBe('wasm');
    expect(choice.kernelFixes).toEqual([
      'UnsortedSegmentSum',
      'Slice',
      'Unpack',
      'BatchMatMul',
      'GatherV2',
      'Sum',
      'Identity',
      'Transpose',
    ]);
  });

  it('follows a custom order', async () => {
    const loaders = fakeLoaders({ wasm: { tfBackend: 'wasm' }, cpu: { tfBackend: 'cpu' } });
    const choice = await createBackendSelector(loaders, {})({ order: ['cpu', 'wasm'], ...quiet });
    expect(choice.name).toBe('cpu');
    expect(choice.summary).toBe('backend: cpu (fake cpu)');
    expect(choice.kernelFixes).toEqual(['UnsortedSegmentSum']);
    expect(loaders.wasm).not.toHaveBeenCalled();
  });

  it('reports an unexpected loader error as a short reason', async () => {
    const loaders = fakeLoaders({
      'node-gpu': { throws: new Error('boom\nstack') },
      cpu: { tfBackend: 'cpu' },
    });
    const choice = await createBackendSelector(loaders, {})(quiet);
    expect(choice.passedOver[0]).toEqual({ name: 'node-gpu', reason: 'failed (boom)' });
  });

  it('fails with every reason when nothing loads', async () => {
    const loaders = fakeLoaders({ wasm: { fails: 'broken' }, cpu: { fails: 'also broken' } });
    await expect(createBackendSelector(loaders, {})(quiet)).rejects.toThrow(
      'selectBackend: no backend loaded: node-gpu (not installed), node (not installed), ' +
        'wasm (broken), cpu (also broken)',
    );
  });
});

describe('selectBackend is idempotent', () => {
  it('returns the same choice to a second and to concurrent calls, loading once and logging once', async () => {
    const loaders = fakeLoaders({ wasm: { tfBackend: 'wasm' } });
    const log = jest.fn();
    const select = createBackendSelector(loaders, {});
    const [first, concurrent] = await Promise.all([select({ log }), select({ log })]);
    const second = await select({ log });
    expect(concurrent).toBe(first);
    expect(second).toBe(first);
    expect(loaders.wasm).toHaveBeenCalledTimes(1);
    expect(log).toHaveBeenCalledTimes(1);
  });

  it('makes the chosen backend active again if the caller switched away', async () => {
    const select = createBackendSelector(fakeLoaders({ wasm: { tfBackend: 'wasm' } }), {});
    await select(quiet);
    await tf.setBackend('cpu');
    await select(quiet);
    expect(tf.getBackend()).toBe('wasm');
  });
});

describe('forcing a backend', () => {
  it('loads only the forced backend when the option names one', async () => {
    const loaders = fakeLoaders({ wasm: { tfBackend: 'wasm' }, cpu: { tfBackend: 'cpu' } });
    const choice = await createBackendSelector(loaders, {})({ backend: 'cpu', ...quiet });
    expect(choice).toMatchObject({ name: 'cpu', passedOver: [] });
    expect(choice.summary).toBe("backend: cpu (fake cpu) — forced by option backend: 'cpu'");
    expect(loaders['node-gpu']).not.toHaveBeenCalled();
  });

  it('reads SRNN_BACKEND when the option is absent or auto, and lets the option win', async () => {
    const outcomes = { wasm: { tfBackend: 'wasm' }, cpu: { tfBackend: 'cpu' } } as const;
    const env = { SRNN_BACKEND: 'cpu' };
    const fromEnv = await createBackendSelector(fakeLoaders(outcomes), env)(quiet);
    expect(fromEnv.summary).toBe('backend: cpu (fake cpu) — forced by SRNN_BACKEND=cpu');
    const auto = await createBackendSelector(
      fakeLoaders(outcomes),
      env,
    )({ backend: 'auto', ...quiet });
    expect(auto.name).toBe('cpu');
    const option = await createBackendSelector(
      fakeLoaders(outcomes),
      env,
    )({ backend: 'wasm', ...quiet });
    expect(option.name).toBe('wasm');
    const envAuto = await createBackendSelector(fakeLoaders(outcomes), { SRNN_BACKEND: 'auto' })(
      quiet,
    );
    expect(envAuto.name).toBe('wasm');
  });

  it('fails with the reason and the backends that do load, and leaves the previous backend active', async () => {
    await tf.setBackend('cpu');
    const loaders = fakeLoaders({ wasm: { tfBackend: 'wasm' }, cpu: { tfBackend: 'cpu' } });
    const select = createBackendSelector(loaders, { SRNN_BACKEND: 'node' });
    await expect(select(quiet)).rejects.toThrow(
      "SRNN_BACKEND=node: backend 'node' failed to load: not installed. Available here: wasm, cpu",
    );
    expect(tf.getBackend()).toBe('cpu');
    // A failed selection is not remembered: the next call tries again.
    await expect(select(quiet)).rejects.toThrow('not installed');
    expect(loaders.node).toHaveBeenCalledTimes(2);
  });
});

describe('validation', () => {
  it('names SRNN_BACKEND and the allowed values when the variable is wrong', async () => {
    const select = createBackendSelector(fakeLoaders({}), { SRNN_BACKEND: 'gpu' });
    await expect(select(quiet)).rejects.toThrow(
      'environment: SRNN_BACKEND: must be one of node-gpu, node, wasm, cpu, auto; got "gpu"',
    );
  });

  it('refuses a malformed SRNN_THREADS or SRNN_MULTIPLY_ADD before loading, rather than pass wasm over', async () => {
    const loaders = fakeLoaders({ wasm: { tfBackend: 'wasm' }, cpu: { tfBackend: 'cpu' } });
    await expect(createBackendSelector(loaders, { SRNN_THREADS: 'two' })(quiet)).rejects.toThrow(
      "SRNN_THREADS: expected a whole number of threads, 1 or more (1 = no worker threads), got 'two'",
    );
    await expect(
      createBackendSelector(loaders, { SRNN_MULTIPLY_ADD: 'fused' })(quiet),
    ).rejects.toThrow("SRNN_MULTIPLY_ADD: expected 'auto' or 'separate', got 'fused'");
    expect(loaders.wasm).not.toHaveBeenCalled();
    expect(loaders.cpu).not.toHaveBeenCalled();
    // The threads option stands over the variable.
    const choice = await createBackendSelector(loaders, { SRNN_THREADS: 'two' })({
      ...quiet,
      threads: 1,
    });
    expect(choice.name).toBe('wasm');
  });

  it('names the option and the allowed values when an option is wrong', async () => {
    const select = createBackendSelector(fakeLoaders({ cpu: { tfBackend: 'cpu' } }), {});
    await expect(select({ backend: 'gpu' as BackendName })).rejects.toThrow(
      'selectBackend options: backend: must be one of node-gpu, node, wasm, cpu, auto; got "gpu"',
    );
    await expect(select({ order: ['wasm', 'tpu' as BackendName] })).rejects.toThrow(
      'selectBackend options: order[1]: must be one of node-gpu, node, wasm, cpu; got "tpu"',
    );
    await expect(select({ order: ['cpu', 'cpu'] })).rejects.toThrow(
      'selectBackend options: order: must not list a backend twice',
    );
    await expect(select({ order: [] })).rejects.toThrow('options: order: must list at least one');
    await expect(select({ log: 'yes' } as never)).rejects.toThrow(
      'options: log: must be a function',
    );
    await expect(select({ threads: 0 })).rejects.toThrow(
      'selectBackend options: threads: must be a whole number of threads, 1 or more',
    );
    await expect(select({ threads: 1.5 })).rejects.toThrow(
      'options: threads: must be a whole number',
    );
    await expect(select({ backnd: 'cpu' } as never)).rejects.toThrow(
      "selectBackend options: unknown field 'backnd'; valid fields: backend, order, threads, kernelFixes, log",
    );
  });
});
