/**
 * The host kernel's command line, as far as dtlint can see it, and where each parameter came from.
 *
 * Where the kernel gets it (drivers/of/fdt.c, early_init_dt_scan_chosen): `/chosen/bootargs` of the
 * tree it boots; then CONFIG_CMDLINE is appended with CONFIG_CMDLINE_EXTEND, replaces it with
 * CONFIG_CMDLINE_FORCE, and otherwise is used only when bootargs is empty. The tree the kernel boots
 * is not quite the tree dtlint reads: U-Boot's fdt_chosen (common/fdt_support.c) overwrites
 * `/chosen/bootargs` with its `bootargs` environment variable when that is set, which most boot
 * scripts do. So `/chosen/bootargs` in the DTS is a guess, and only two things tell dtlint the
 * command line for certain: a `--cmdline` file (a copy of the host's /proc/cmdline, or of U-Boot's
 * bootargs) and CONFIG_CMDLINE_FORCE.
 *
 * How the kernel splits it (lib/cmdline.c next_arg, kernel/params.c parse_args): words separated by
 * spaces, double quotes group spaces into a word (`name="a b"` or `"name=a b"`), a `--` ends the
 * kernel's parameters (the rest go to init), and `-` and `_` are the same in a name (parameq). A
 * later assignment of a parameter wins. `module.param=value` sets a built-in module's parameter; for
 * a loadable module kmod's modprobe reads the same words from /proc/cmdline (as well as `options`
 * lines in /etc/modprobe.d, which dtlint cannot see).
 */
import type { Location } from '../dts/location.js';
import type { SourceFile } from '../dts/source.js';
import type { KconfigFile } from './kconfig.js';

/** Where a piece of the command line came from. */
export type CmdlineOrigin = 'cmdline-file' | 'bootargs' | 'kconfig';

export interface CmdlineParam {
  /** The name as written. */
  raw: string;
  /** The name with `-` read as `_` (parameq), for lookups. */
  name: string;
  /** The text after the first `=`, quotes removed; undefined for a bare word (`quiet`). */
  value?: string;
  origin: CmdlineOrigin;
  at: Location;
}

export interface CmdlineSource {
  origin: CmdlineOrigin;
  /** The file it was read from. */
  file: string;
  text: string;
  params: CmdlineParam[];
  /** Where the whole text sits (the bootargs property's value, the CONFIG_CMDLINE line). */
  at: Location;
}

export interface KernelCmdline {
  /** Every source dtlint saw, including the ones that do not count (bootargs under CMDLINE_FORCE). */
  sources: CmdlineSource[];
  /** The parameters the kernel gets, in order, as far as dtlint can tell. */
  params: CmdlineParam[];
  /**
   * True when `params` is certainly what the kernel gets (a `--cmdline` file, or CONFIG_CMDLINE_FORCE);
   * false when it rests on `/chosen/bootargs`, which U-Boot's bootargs usually replace, or on nothing.
   */
  certain: boolean;
  /** What dtlint read the command line from, for messages: "the --cmdline file", "/chosen/bootargs", .... */
  describe: string;
}

/** Splits a command line as next_arg does, with the location of every word. */
export function splitCmdline(text: string, origin: CmdlineOrigin, locate: (start: number, end: number) => Location): CmdlineParam[] {
  const params: CmdlineParam[] = [];
  let i = 0;
  while (i < text.length) {
    while (i < text.length && isSpace(text[i]!)) i++;
    if (i >= text.length) break;
    const start = i;
    let inQuote = false;
    let word = '';
    let equals = -1;
    for (; i < text.length; i++) {
      const c = text[i]!;
      if (c === '"') {
        inQuote = !inQuote;
        continue;
      }
      if (!inQuote && isSpace(c)) break;
      if (c === '=' && equals < 0) equals = word.length;
      word += c;
    }
    if (word === '--') break; // the rest is for init
    const raw = equals < 0 ? word : word.slice(0, equals);
    const param: CmdlineParam = { raw, name: raw.replace(/-/g, '_'), origin, at: locate(start, i) };
    if (equals >= 0) param.value = word.slice(equals + 1);
    params.push(param);
  }
  return params;
}

function isSpace(c: string): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === '\r';
}

/** The command line from a `--cmdline` file: all of it, one line or several. */
export function cmdlineFromFile(source: SourceFile): CmdlineSource {
  const text = source.text;
  return {
    origin: 'cmdline-file',
    file: source.path,
    text,
    params: splitCmdline(text, 'cmdline-file', (s, e) => source.rangeAt(s, e)),
    at: source.rangeAt(0, Math.max(0, Math.min(text.length, text.search(/\r?\n|$/)))),
  };
}

/** `/chosen/bootargs` of the host tree: the value's text and where it is written. */
export function cmdlineFromBootargs(text: string, file: string, at: Location): CmdlineSource {
  // A property value's words have no positions of their own: each points at the value.
  return { origin: 'bootargs', file, text, params: splitCmdline(text, 'bootargs', () => at), at };
}

/** CONFIG_CMDLINE of the host's kernel configuration. */
export function cmdlineFromKconfig(kconfig: KconfigFile): CmdlineSource | undefined {
  const entry = kconfig.byName.get('CMDLINE');
  if (!entry || entry.value === 'n') return undefined;
  return { origin: 'kconfig', file: kconfig.file, text: entry.value, params: splitCmdline(entry.value, 'kconfig', () => entry.at), at: entry.at };
}

export interface CmdlineInputs {
  file?: CmdlineSource;
  bootargs?: CmdlineSource;
  kconfig?: KconfigFile;
}

/** Puts the sources together as early_init_dt_scan_chosen does. */
export function kernelCmdline(inputs: CmdlineInputs): KernelCmdline {
  const config = inputs.kconfig ? cmdlineFromKconfig(inputs.kconfig) : undefined;
  const mode = inputs.kconfig ? cmdlineMode(inputs.kconfig) : 'from-bootloader';
  const sources = [inputs.file, inputs.bootargs, config].filter((s): s is CmdlineSource => s !== undefined);
  const boot = inputs.file ?? inputs.bootargs;
  if (config && mode === 'force') return { sources, params: config.params, certain: true, describe: 'CONFIG_CMDLINE (CONFIG_CMDLINE_FORCE)' };
  const bootParams = boot?.params ?? [];
  const certain = inputs.file !== undefined;
  const where = inputs.file ? 'the --cmdline file' : inputs.bootargs ? '/chosen/bootargs' : 'no command line';
  if (config && mode === 'extend') return { sources, params: [...bootParams, ...config.params], certain, describe: `${where} and CONFIG_CMDLINE (CONFIG_CMDLINE_EXTEND)` };
  if (config && bootParams.length === 0 && (boot === undefined || boot.text.trim() === '')) {
    // CONFIG_CMDLINE is the default when the bootloader passes nothing; U-Boot usually passes something.
    return { sources, params: config.params, certain: false, describe: 'CONFIG_CMDLINE (used only when the bootloader passes no bootargs)' };
  }
  return { sources, params: bootParams, certain, describe: where };
}

function cmdlineMode(kconfig: KconfigFile): 'force' | 'extend' | 'from-bootloader' {
  const on = (name: string): boolean => kconfig.byName.get(name)?.value === 'y';
  if (on('CMDLINE_FORCE')) return 'force';
  if (on('CMDLINE_EXTEND')) return 'extend';
  return 'from-bootloader';
}

/** The last assignment of a parameter (`vfio_platform.reset_required`; `-` and `_` alike). */
export function cmdlineParam(cmdline: KernelCmdline, name: string): CmdlineParam | undefined {
  const wanted = name.replace(/-/g, '_');
  let found: CmdlineParam | undefined;
  for (const p of cmdline.params) if (p.name === wanted) found = p;
  return found;
}

/**
 * A boolean parameter's value as kstrtobool reads it (param_set_bool): `y`, `Y`, `1`, `on` are true
 * (and `t`, `T`); `n`, `N`, `0`, `off` (and `f`, `F`) false; a bare name is true. Undefined when the value is not a boolean
 * (the kernel then rejects it and keeps the default).
 */
export function boolParam(param: CmdlineParam): boolean | undefined {
  if (param.value === undefined) return true;
  const v = param.value;
  if (/^[yYtT1]/.test(v) || /^on/i.test(v)) return true;
  if (/^[nNfF0]/.test(v) || /^of/i.test(v)) return false;
  return undefined;
}
