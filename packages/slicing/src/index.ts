/**
 * The slicing math of Sliced Recurrent Neural Networks (Yu and Liu, COLING 2018): how a sequence
 * of length T is cut into minimal subsequences and regrouped level by level. No TensorFlow here.
 */
export { SlicingError } from './errors';
export type { SliceLevel, SlicePlan, SlicePlanInput, TokenLocation } from './types';
export { plan } from './plan';
export { parseSpec, formatSpec, type ParsedSpec } from './spec';
export { suggestPlans } from './suggest';
export type { SuggestOptions } from './suggest';
export { locateToken } from './locate';
export { minimalSubsequencePositions } from './positions';
export { describePlan } from './describe';
