/** `dtlint.config.json`: finding, validating and resolving it, and its JSON schema. */
import { expandFileGlobs, ignoreMatcher, type ExpandedFiles, type IgnoreMatcher } from './globs.js';
import type { DtlintConfig } from './config.js';

export { CONFIG_FILE_NAME, findConfigFile, loadConfig, parseConfig, type LoadConfigOptions, type LoadConfigResult } from './load.js';
export { defaultConfig, type DtlintConfig, type DtcWarnings, type PairConfig, type PlatformBus } from './config.js';
export { configSchema, DEFAULT_PLATFORM_BUS, DTC_WARNING_SETS } from './schema.js';
export { expandArguments, expandFileGlobs, ignoreMatcher, NOTHING_IGNORED, type ExpandedArguments, type ExpandedFiles, type IgnoreMatcher } from './globs.js';

/** The files the config's `files` names, for a run that names none on the command line. */
export function configFiles(config: DtlintConfig, ignored?: IgnoreMatcher): ExpandedFiles {
  return expandFileGlobs(config.files, config.root, ignored ?? ignoredBy(config, [], config.root));
}

/** `--ignore-pattern` (relative to `cwd`) and the config's `ignorePatterns` (relative to its dir). */
export function ignoredBy(config: DtlintConfig, cliPatterns: readonly string[], cwd: string): IgnoreMatcher {
  return ignoreMatcher([
    { patterns: cliPatterns, base: cwd },
    { patterns: config.ignorePatterns, base: config.root },
  ]);
}
