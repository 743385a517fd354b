/** Attributes shared by both GRU kernels. */
export interface GruKernelAttrs {
  timeMajor: boolean;
  /** From ACTIVATION_CODES. */
  activation: number;
  /** From RECURRENT_ACTIVATION_CODES. */
  recurrentActivation: number;
}
