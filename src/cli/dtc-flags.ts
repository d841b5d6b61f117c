/**
 * dtc's own warning flags, as a kernel build's DTC_FLAGS writes them: `-W<check>` (a warning),
 * `-Wno-<check>` (off), `-E<check>` (an error), `-Eno-<check>` (off). Each becomes `--rule
 * <check>=<level>` before yargs sees the command line (yargs would read `-Wfoo` as the flags W, f, o,
 * o). A check dtc has and dtlint does not run is said on stderr, not silently dropped.
 */
const FLAG = /^-([WE])(no-)?([A-Za-z][A-Za-z0-9_]*)$/;

export interface DtcFlags {
  argv: string[];
  /** One line each, for stderr: the checks asked for that dtlint does not run. */
  notes: string[];
}

export function expandDtcFlags(argv: readonly string[], ruleIds: ReadonlySet<string>): DtcFlags {
  const out: string[] = [];
  const notes: string[] = [];
  for (const arg of argv) {
    if (arg === '--') {
      out.push(...argv.slice(argv.indexOf(arg)));
      break;
    }
    const m = FLAG.exec(arg);
    if (!m) {
      out.push(arg);
      continue;
    }
    const [, kind, no, check] = m;
    const level = no ? 'off' : kind === 'E' ? 'error' : 'warning';
    if (ruleIds.has(check!)) out.push('--rule', `${check!}=${level}`);
    else notes.push(`${arg}: dtlint does not run dtc's ${check!} check; ignored (dtlint rules lists the dtc checks it runs)`);
  }
  return { argv: out, notes };
}
