/**
 * @packageDocumentation
 * The Node.js entry of `@srnn/model` (the `node` export condition picks it): everything the
 * default entry has, plus {@link fileSystemHandler}; `saveClassifier`/`loadClassifier` work on
 * directories, and tfjs's `file://` URLs are routed to the handler unless another `file://`
 * handler (tfjs-node's) is registered.
 */
import { setDirectoryHandler } from './directory-handler';
import { registerFileRouters } from './file-router';
import { fileSystemHandler } from './file-system-handler';

setDirectoryHandler((directory) => fileSystemHandler(directory));
registerFileRouters();

export * from './index';
export { fileSystemHandler, modelFiles } from './file-system-handler';
export type { FileSystemHandlerOptions } from './file-system-handler';
