/** Lints inline DTS with one dtc parity rule, at the kernel's default warning level or with W=1. */
import { compileDts } from '../../src/dts/index.js';
import { brief, lintWith, VDIR } from './harness.js';

export const FILE = `${VDIR}/board.dts`;

export function dtcFindings(ruleId: string, text: string, dtcWarnings: 'kernel' | 'W=1' = 'kernel'): string[] {
  return brief(lintWith(compileDts, { [FILE]: text }, FILE, [ruleId], { config: { dtcWarnings } }).findings);
}
