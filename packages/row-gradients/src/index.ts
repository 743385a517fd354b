export { captureRowGradients, gatherRows, type RowCapture } from './capture';
export { combineRows, denseGradient, type RowContribution, type RowGradient } from './combine';
