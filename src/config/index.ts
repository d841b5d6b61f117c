/** `dtlint.config.json`: finding, validating and resolving it, and its JSON schema. */
import { expandFileGlobs, type ExpandedFiles } from './globs.js';
import type { DtlintConfig } from './config.js';

export { CONFIG_FILE_NAME, findConfigFile, loadConfig, parseConfig, type LoadConfigOptions, type LoadConfigResult } from './load.js';
export { defaultConfig, type DtlintConfig, type DtcWarnings, type PairConfig, type PlatformBus } from './config.js';
export { configSchema, DEFAULT_PLATFORM_BUS, DTC_WARNING_SETS } from './schema.js';
export { expandFileGlobs, type ExpandedFiles } from './globs.js';

/** The files the config's `files` names, for a run that names none on the command line. */
export function configFiles(config: DtlintConfig): ExpandedFiles {
  return expandFileGlobs(config.files, config.root);
}
