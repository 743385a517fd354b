// How saveClassifier and loadClassifier reach a model directory. The default entry has no file
// system (browsers); the Node entry installs fileSystemHandler here.
import type * as tf from '@tensorflow/tfjs';

type DirectoryHandler = (directory: string) => tf.io.IOHandler;

let handlerFor: DirectoryHandler | null = null;

/** Installs the handler factory for directories (the Node entry does). */
export function setDirectoryHandler(factory: DirectoryHandler): void {
  handlerFor = factory;
}

/** The IOHandler for a model directory; throws where there is no file system. */
export function directoryHandler(directory: string, caller: string): tf.io.IOHandler {
  if (handlerFor === null) {
    throw new Error(
      `${caller}('${directory}'): saving to and loading from a directory needs Node.js's file ` +
        "system (import '@srnn/model' under Node.js); in a browser use model.save or " +
        "tf.loadLayersModel with an 'indexeddb://', 'downloads://' or http URL",
    );
  }
  return handlerFor(directory);
}
