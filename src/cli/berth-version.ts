/** The berth release (kept in step with package.json; not read from it, to keep start-up free of file reads). */
export const BERTH_VERSION = '0.1.0';
