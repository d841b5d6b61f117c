/** unused-suppression: a `dtlint-disable` comment that suppresses nothing (reported by the engine). */
export { unusedSuppression as default } from '../src/lint/suppressions.js';
