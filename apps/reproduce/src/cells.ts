/**
 * The recurrent cells this app can use: every cell the registry holds once the pipeline has loaded
 * its cell packages. Tools list and accept cells from here, never from a fixed list.
 */
import '@srnn/pipeline';

export { listCells } from '@srnn/model';
