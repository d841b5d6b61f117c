/**
 * Finds and reads `dtlint.config.json`: walking up from the working dir, or the file `--config` names.
 * A problem is one line that names the file and the key path; the CLI exits 2 with it.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { isFile } from './globs.js';
import { defaultConfig, normalizeConfig, type DtlintConfig, type RawConfig } from './config.js';
import { configSchema } from './schema.js';

export const CONFIG_FILE_NAME = 'dtlint.config.json';

export type LoadConfigResult = { config: DtlintConfig; path: string | undefined } | { error: string };

export interface LoadConfigOptions {
  /** Rule ids the config may name (the registry's: the composition root hands them in). */
  ruleIds: readonly string[];
}

/** The nearest `dtlint.config.json` at or above `cwd`. */
export function findConfigFile(cwd: string): string | undefined {
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    const candidate = join(dir, CONFIG_FILE_NAME);
    if (isFile(candidate)) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}

/** `explicitPath` false (`--no-config`): no file, not even one found walking up. */
export function loadConfig(cwd: string, explicitPath: string | false | undefined, options: LoadConfigOptions): LoadConfigResult {
  if (explicitPath === false) return { config: defaultConfig(cwd), path: undefined };
  const path = explicitPath === undefined ? findConfigFile(cwd) : resolve(cwd, explicitPath);
  if (path === undefined) return { config: defaultConfig(cwd), path: undefined };
  // Messages name the file as the user would type it.
  const shown = explicitPath ?? (relative(cwd, path) || CONFIG_FILE_NAME);

  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { error: `${shown}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (e as Error).message}` };
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    return { error: `${shown}: invalid JSON: ${(e as Error).message}` };
  }
  return parseConfig(data, path, shown, options);
}

/** Validates already-parsed config data (`shown` prefixes messages). */
export function parseConfig(data: unknown, path: string, shown: string, options: LoadConfigOptions): LoadConfigResult {
  const validate = validatorFor(options.ruleIds);
  if (!validate(data)) return { error: `${shown}: ${describeError(validate.errors ?? [])}` };
  const raw = data as RawConfig;
  const names = new Set<string>();
  for (const [i, pair] of (raw.pairs ?? []).entries()) {
    if (names.has(pair.name)) return { error: `${shown}: /pairs/${i}/name: pair "${pair.name}" is declared twice` };
    names.add(pair.name);
  }
  return { config: normalizeConfig(raw, path), path };
}

const validators = new Map<string, ValidateFunction>();

function validatorFor(ruleIds: readonly string[]): ValidateFunction {
  const key = [...ruleIds].sort().join('\0');
  let validate = validators.get(key);
  if (!validate) {
    validate = new Ajv({ allErrors: false, verbose: true }).compile(configSchema(ruleIds));
    validators.set(key, validate);
  }
  return validate;
}

/** One line for the first problem, naming the key path as a JSON pointer. */
export function describeError(errors: readonly ErrorObject[]): string {
  const first = errors[0];
  if (!first) return 'invalid configuration';
  // An `anyOf` (a number or a hex string) explains itself better than its branches do.
  const alternatives = errors.find((e) => e.keyword === 'anyOf' && first.instancePath.startsWith(e.instancePath));
  const e = alternatives ?? first;
  const at = e.instancePath || '/';
  switch (e.keyword) {
    case 'additionalProperties': {
      const key = String((e.params as { additionalProperty: string }).additionalProperty);
      const where = `${e.instancePath}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
      return e.instancePath === '/rules' ? `${where}: unknown rule "${key}"` : `${where}: unknown key`;
    }
    case 'enum': {
      const allowed = (e.params as { allowedValues: unknown[] }).allowedValues.map(String).join(', ');
      return `${at}: ${e.message ?? 'invalid value'} (${allowed})`;
    }
    case 'anyOf': {
      const description = (e.parentSchema as { description?: string } | undefined)?.description;
      return `${at}: must be ${description ?? 'one of the allowed forms'}`;
    }
    default:
      return `${at}: ${e.message ?? 'invalid value'}`;
  }
}
