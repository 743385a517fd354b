/**
 * @packageDocumentation
 * The Node.js entry of `@srnn/backend` (the `node` export condition picks it): everything the
 * default entry has, and large matrix products and other packages' registered tasks shared with
 * worker threads (`node:worker_threads`). The default entry, for browsers, runs the same work on
 * the calling thread.
 */
import { setFlagsFromString } from 'node:v8';
import { setV8FlagSetter } from './kernels/multiply-add';
import { nodeThreadPlatform } from './kernels/parallel/node-product-worker';
import { locateWorkerTasks } from './kernels/parallel/node-worker-tasks';
import { setThreadPlatform } from './kernels/parallel/product-workers';
import { setWorkerTasksLocator } from './kernels/parallel/worker-tasks-registry';

setThreadPlatform(nodeThreadPlatform);
setWorkerTasksLocator(locateWorkerTasks);
setV8FlagSetter(setFlagsFromString);

export * from './index';
