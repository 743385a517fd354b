// Routes tfjs's `file://` URLs to fileSystemHandler under Node.js, so that plain
// `model.save('file://dir')` and `tf.loadLayersModel('file://dir/model.json')` work.
import { basename, dirname } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { fileSystemHandler } from './file-system-handler';

const FILE_SCHEME = 'file://';

type Router = Parameters<typeof tf.io.registerSaveRouter>[0];

/** Set on globalThis once any copy (ESM or CJS) of this package registered its routers. */
const REGISTERED_KEY = Symbol.for('@srnn/model/file-router');

/** While set, our routers stand aside, so that asking tfjs for handlers finds only the others. */
let probing = false;

/** True when another router (e.g. tfjs-node's) handles this `file://` URL. */
function handledElsewhere(url: string, kind: 'save' | 'load'): boolean {
  probing = true;
  try {
    const others = kind === 'save' ? tf.io.getSaveHandlers(url) : tf.io.getLoadHandlers(url);
    return others.length > 0;
  } finally {
    probing = false;
  }
}

function pathOf(url: string | string[]): string | null {
  if (Array.isArray(url) || typeof url !== 'string' || !url.startsWith(FILE_SCHEME)) return null;
  return url.slice(FILE_SCHEME.length);
}

function saveRouter(url: string | string[]): tf.io.IOHandler | null {
  const path = pathOf(url);
  if (path === null || probing || handledElsewhere(url as string, 'save')) return null;
  return fileSystemHandler(path);
}

function loadRouter(url: string | string[]): tf.io.IOHandler | null {
  const path = pathOf(url);
  if (path === null || probing || handledElsewhere(url as string, 'load')) return null;
  // 'file://dir/model.json' as tfjs-node takes it, or the directory itself.
  return path.endsWith('.json')
    ? fileSystemHandler(dirname(path), { topology: basename(path) })
    : fileSystemHandler(path);
}

/**
 * Registers the `file://` routers once per process (also when both the ESM and the CJS build of
 * this package are loaded). They stand aside for a `file://` handler registered by someone else,
 * such as tfjs-node's, since two handlers for one URL make tfjs throw.
 */
export function registerFileRouters(): void {
  const holder = globalThis as unknown as Record<symbol, boolean | undefined>;
  if (holder[REGISTERED_KEY] === true) return;
  holder[REGISTERED_KEY] = true;
  // tfjs types a router as always returning a handler, but takes null as "not mine".
  tf.io.registerSaveRouter(saveRouter as Router);
  tf.io.registerLoadRouter(loadRouter as Router);
}
