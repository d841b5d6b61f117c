/**
 * A module parameter the host must set for passthrough (`vfio_platform.reset_required=0`,
 * `vfio_iommu_type1.allow_unsafe_interrupts=1`): is it on the command line dtlint sees, and how sure
 * can dtlint be that it is missing?
 *
 * How a parameter reaches a module (Linux 6.12 kernel/params.c parse_args, init/main.c
 * unknown_bootoption; kmod libkmod-config.c kmod_config_parse_kcmdline):
 * - built in (`=y`): the kernel sets `module.param=value` from its command line at boot, and only
 *   from there;
 * - a module (`=m`): the kernel ignores `module.param=value` ("Unused module parameter"); modprobe
 *   reads the same words from /proc/cmdline and adds them to the module's options, as well as
 *   `options module param=value` lines in /etc/modprobe.d, which dtlint cannot see.
 * So only a certain command line and a built-in module make a missing parameter certain.
 */
import type { Location } from '../dts/location.js';
import { boolParam, cmdlineParam, type CmdlineParam, type KernelCmdline } from './cmdline.js';
import type { KconfigFile } from './kconfig.js';

export type ModuleBuild = 'builtin' | 'module' | 'off' | 'unknown';

/** How a Kconfig symbol builds its module: `off` also for a symbol a full `.config` does not mention. */
export function moduleBuild(kconfig: KconfigFile | undefined, symbol: string): { build: ModuleBuild; at?: Location } {
  const e = kconfig?.byName.get(symbol);
  if (!kconfig) return { build: 'unknown' };
  if (!e) return { build: kconfig.full ? 'off' : 'unknown' };
  return { build: e.value === 'y' ? 'builtin' : e.value === 'm' ? 'module' : 'off', at: e.at };
}

export interface ModuleParam {
  /** `vfio_platform` (KBUILD_MODNAME: the object's name with `-` as `_`). */
  module: string;
  /** `reset_required` */
  name: string;
  /** The value passthrough needs (boolean parameters). */
  wanted: boolean;
}

export const paramText = (p: ModuleParam, value = p.wanted): string => `${p.module}.${p.name}=${value ? 1 : 0}`;

/**
 * How sure dtlint is that the parameter is missing:
 * - `missing`: the command line is certain and the module built in: nothing else can set it (error);
 * - `module`: certain, but the module is loadable: /etc/modprobe.d may set it (warning);
 * - `build-unknown`: certain, but dtlint does not know whether the module is built in (warning);
 * - `unseen`: dtlint does not see the command line the host boots with (warning).
 */
export type ParamGap = 'missing' | 'module' | 'build-unknown' | 'unseen';

export type ParamVerdict =
  | { set: true; param: CmdlineParam }
  | {
      set: false;
      gap: ParamGap;
      /** The assignment that counts when there is one, with a value other than the wanted one. */
      found?: CmdlineParam;
      /** What the command line holds: `does not set vfio_platform.reset_required=0`, `sets ... =1 (the default)`. */
      state: string;
    };

/** The parameter on the command line, and how sure a missing one is, given how the module is built. */
export function paramVerdict(cmdline: KernelCmdline, param: ModuleParam, build: ModuleBuild): ParamVerdict {
  const found = cmdlineParam(cmdline, `${param.module}.${param.name}`);
  const value = found ? boolParam(found) : undefined;
  if (found && value === param.wanted) return { set: true, param: found };
  const wanted = paramText(param);
  const state = !found
    ? `does not set ${wanted}`
    : value === undefined
      ? `sets ${found.raw}=${found.value ?? ''}, which the kernel rejects (kstrtobool), keeping the default, not ${wanted}`
      : `sets ${found.raw}${found.value === undefined ? ' (a bare name: true)' : `=${found.value}`}, not ${wanted}`;
  const gap: ParamGap = !cmdline.certain ? 'unseen' : build === 'builtin' ? 'missing' : build === 'module' ? 'module' : 'build-unknown';
  return { set: false, gap, state, ...(found ? { found } : {}) };
}

/** Where the fix goes: CONFIG_CMDLINE when CONFIG_CMDLINE_FORCE makes the kernel ignore the bootloader's line. */
export function whereToSet(kconfig: KconfigFile | undefined): string {
  const forced = kconfig?.byName.get('CMDLINE_FORCE')?.value === 'y' && kconfig.byName.has('CMDLINE');
  return forced
    ? "CONFIG_CMDLINE (CONFIG_CMDLINE_FORCE makes the kernel ignore the bootloader's command line)"
    : "the host's kernel command line (the bootloader's: U-Boot's bootargs, or GRUB's linux line under UEFI; it replaces /chosen/bootargs)";
}

/** What dtlint saw of an uncertain command line, as a clause: why it cannot say the parameter is missing. */
export function unseenClause(cmdline: KernelCmdline, state: string): string {
  if (cmdline.sources.length === 0) return 'dtlint sees no host command line: give it with --cmdline (a copy of /proc/cmdline)';
  return `${cmdline.describe} ${state}, but the host boots with what its bootloader passes (U-Boot's bootargs, GRUB's linux line): give that command line with --cmdline`;
}

/** The command line's sources as related locations: where dtlint read what it says the host gets. */
export function cmdlineNotes(cmdline: KernelCmdline): Array<{ message: string; at: Location }> {
  const label = { 'cmdline-file': 'the --cmdline file', bootargs: '/chosen/bootargs', kconfig: 'CONFIG_CMDLINE' } as const;
  return cmdline.sources.map((s) => ({ message: `the host command line dtlint read (${label[s.origin]})`, at: s.at }));
}
