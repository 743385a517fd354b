// Which CommonJS files the worker threads may load tasks from, by name. Another package registers
// its tasks file once (with a URL built from its own import.meta.url, so its browser build needs
// no Node module); the Node entry of this package turns the URL into a path the worker can
// require. Kept on globalThis under a shared symbol so that an ESM and a CJS copy of this package
// see the same registrations.

const REGISTRY_KEY = Symbol.for('@srnn/backend/worker-tasks');

interface Registry {
  files: Map<string, string | URL>;
  /** Turns a registered file into a loadable path, or null; installed by the Node entry. */
  locate: ((file: string | URL) => string | null) | null;
  /** Paths `locate` found, by registered file. */
  located: Map<string | URL, string>;
}

function registry(): Registry {
  const holder = globalThis as unknown as Record<symbol, Registry | undefined>;
  let found = holder[REGISTRY_KEY];
  if (found === undefined) {
    found = { files: new Map(), locate: null, located: new Map() };
    holder[REGISTRY_KEY] = found;
  }
  // A registry an older copy of this package made has no cache yet.
  found.located ??= new Map();
  return found;
}

/**
 * Registers the CommonJS file whose exported functions the worker threads run as tasks named
 * `id` (e.g. a package name). `file` is a `file:` URL (`new URL('./worker-tasks.cjs',
 * import.meta.url)`) or an absolute path. Registering the same id again replaces the file; `null`
 * removes it. In a browser nothing is loaded: tasks then run on the calling thread.
 */
export function registerWorkerTasks(id: string, file: string | URL | null): void {
  if (file === null) registry().files.delete(id);
  else registry().files.set(id, file);
}

/**
 * The path the worker threads load tasks `id` from (pass it as {@link WorkerTask.module}), or
 * null when they cannot: nothing registered, the file is missing (e.g. sources run before a
 * build), or no worker threads here (browsers). Callers run the task on this thread when null.
 */
export function workerTasksFor(id: string): string | null {
  const { files, locate, located } = registry();
  const file = files.get(id);
  if (file === undefined || locate === null) return null;
  // Found once, a file is not looked for again (a recurrence asks on every call); one still
  // missing is, since a build may write it later.
  const known = located.get(file);
  if (known !== undefined) return known;
  const path = locate(file);
  if (path !== null) located.set(file, path);
  return path;
}

/** Installs how registered files become loadable paths (the Node entry does; browsers do not). */
export function setWorkerTasksLocator(
  locate: ((file: string | URL) => string | null) | null,
): void {
  const found = registry();
  found.locate = locate;
  found.located.clear();
}
