/**
 * How a pair rule says that the host's command line lacks a parameter: for certain when dtlint read
 * the real one (--cmdline, CONFIG_CMDLINE_FORCE), else as what it must hold (U-Boot's bootargs usually
 * replace /chosen/bootargs).
 */
import type { KernelCmdline } from '../../src/passthrough/cmdline.js';

/** A parenthesis to put after the claim that needs `param` missing. */
export function missingParamNote(cmdline: KernelCmdline, param: string): string {
  if (cmdline.certain) return ` (${cmdline.describe} has no ${param})`;
  if (cmdline.sources.length === 0) return ` (dtlint sees no host command line to tell whether it has ${param}: give it with --cmdline)`;
  return ` (dtlint finds no ${param} in ${cmdline.describe}, which U-Boot's bootargs usually replace: the running host's command line may differ)`;
}
