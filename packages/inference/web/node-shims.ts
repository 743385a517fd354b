// The two Node built-ins @srnn/recurrence's default entry still imports (its worker-task lookup,
// listed as pending in release-check). In a browser there are no worker tasks: nothing exists.
export const existsSync = (): boolean => false;
export const fileURLToPath = (url: string | URL): string => String(url);
