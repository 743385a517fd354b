// The default entry has no worker threads (browsers): tasks registered by other packages are not
// located and products stay on the calling thread. The Node entry locates registered files.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as browserEntry from '../src';
import { readyProductWorkers } from '../src/testing';

let folder: string;
let tasks: string;

beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'srnn-task-registry-'));
  tasks = join(folder, 'tasks.cjs');
  writeFileSync(tasks, 'exports.noop = () => {};\n');
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('the default (browser) entry', () => {
  it('locates no tasks file and starts no workers, whatever the thread setting', () => {
    browserEntry.registerWorkerTasks('example', pathToFileURL(tasks));
    expect(browserEntry.workerTasksFor('example')).toBeNull();
    browserEntry.setProductThreads(3);
    expect(browserEntry.productThreads()).toBe(1);
    expect(readyProductWorkers()).toEqual([]);
    expect(browserEntry.workersForRows(100000, 1)).toEqual([]);
  });
});

describe('the Node entry', () => {
  // Loaded here, after the checks above: it installs the worker threads for this process.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const nodeEntry = (): typeof browserEntry => require('../src/node') as typeof browserEntry;

  it('locates a registered file given as a file: URL or an absolute path', () => {
    const backend = nodeEntry();
    backend.registerWorkerTasks('example', pathToFileURL(tasks));
    expect(backend.workerTasksFor('example')).toBe(tasks);
    backend.registerWorkerTasks('example', pathToFileURL(tasks).href);
    expect(backend.workerTasksFor('example')).toBe(tasks);
    backend.registerWorkerTasks('example', tasks);
    expect(backend.workerTasksFor('example')).toBe(tasks);
  });

  it('gives null for a missing file, a folder, a relative path, an unknown or removed name', () => {
    const backend = nodeEntry();
    backend.registerWorkerTasks('missing', join(folder, 'none.cjs'));
    expect(backend.workerTasksFor('missing')).toBeNull();
    backend.registerWorkerTasks('folder', folder);
    expect(backend.workerTasksFor('folder')).toBeNull();
    backend.registerWorkerTasks('relative', 'tasks.cjs');
    expect(backend.workerTasksFor('relative')).toBeNull();
    expect(backend.workerTasksFor('never-registered')).toBeNull();
    backend.registerWorkerTasks('example', tasks);
    backend.registerWorkerTasks('example', null);
    expect(backend.workerTasksFor('example')).toBeNull();
  });

  it('looks for a file until it is found, and not again once it is', () => {
    const backend = nodeEntry();
    const later = join(folder, 'later.cjs');
    backend.registerWorkerTasks('later', later);
    expect(backend.workerTasksFor('later')).toBeNull();
    writeFileSync(later, 'exports.noop = () => {};\n');
    expect(backend.workerTasksFor('later')).toBe(later);
    // Found once, it is not looked for on every call (a recurrence asks on each).
    rmSync(later);
    expect(backend.workerTasksFor('later')).toBe(later);
  });

  it('shares registrations between copies of the package (an ESM and a CJS build)', () => {
    const backend = nodeEntry();
    type Registry = typeof import('../src/kernels/parallel/worker-tasks-registry');
    let copy: Registry | undefined;
    jest.isolateModules(() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      copy = require('../src/kernels/parallel/worker-tasks-registry') as Registry;
    });
    expect(copy!.registerWorkerTasks).not.toBe(backend.registerWorkerTasks);
    copy!.registerWorkerTasks('shared', tasks);
    expect(backend.workerTasksFor('shared')).toBe(tasks);
  });
});
