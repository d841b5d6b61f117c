/** Reporters: each turns findings into one output format, nothing else. */
export { formatStylish, type StylishOptions } from './stylish.js';
export { formatJson, toJsonFindings, type JsonFinding, type JsonOptions, type JsonRange, type JsonRelated } from './json.js';
export { resolveColorLevel, type ColorInputs, type ColorSupportLevel } from './color.js';
export { codeFrame } from './code-frame.js';
export { displayPath } from './paths.js';
export { formatSarif, toSarif, sarifSizeWarning, GITHUB_LIMITS, SARIF_SCHEMA, SRCROOT, type SarifNotification, type SarifOptions } from './sarif.js';
export { DOCS_BASE_URL, PROJECT_URL, docsUrl } from './project.js';
