/**
 * Runs pair rules on in-memory host/guest pairs: the bundled example (broken or fixed) with edits,
 * or a few lines written in the test. Paths are virtual (`/virtual/pair/...`), so every file is the
 * user's own. The pair rule tests run on the RuleTester's pair scope (test/helpers/rule-tester.ts),
 * which calls `checkFiles` and compares by message id, data and position; `checkFiles` itself is for
 * what the tester does not compare (symptoms, chains, related messages, notifications).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { rules as registry } from '../../rules/index.js';
import { SourceHost } from '../../src/dts/source.js';
import type { ConfiguredLevel } from '../../src/lint/finding.js';
import type { PlatformBusGeometry } from '../../src/passthrough/platform-bus.js';
import { checkPairs, type CheckResult, type PairSpec } from '../../src/run/check.js';

export const PDIR = '/virtual/pair';
const EXAMPLE = join(process.cwd(), 'fixtures/example');

export type Files = Record<string, string>;

/** The example pair's files under PDIR: `host.dts`, `guest.dts`, `qemu-args.txt`, `host.config`, `host.cmdline`, the SoC files. */
export function example(variant: 'broken' | 'fixed' = 'broken'): Files {
  const files: Files = {};
  for (const name of readdirSync(EXAMPLE)) {
    const path = join(EXAMPLE, name);
    if (statSync(path).isFile()) files[name] = readFileSync(path, 'latin1');
  }
  if (variant === 'fixed') {
    for (const name of readdirSync(join(EXAMPLE, 'fixed'))) {
      // The fixed files include `../acme-a1.dtsi`: flatten them next to the SoC files.
      files[name] = readFileSync(join(EXAMPLE, 'fixed', name), 'latin1').replace(/"\.\.\//g, '"');
    }
  }
  return files;
}

/** Replaces `from` (which must occur exactly once) in `file`. */
/** `files` with some replaced (`undefined` removes one): another host.cmdline, no host.config, .... */
export function withFiles(files: Files, changes: Partial<Record<string, string | undefined>>): Files {
  const out = { ...files };
  for (const [name, text] of Object.entries(changes)) {
    if (text === undefined) delete out[name];
    else out[name] = text;
  }
  return out;
}

export function edit(files: Files, file: string, from: string, to: string): Files {
  const text = files[file];
  if (text === undefined) throw new Error(`no file ${file}`);
  const count = text.split(from).length - 1;
  if (count !== 1) throw new Error(`${file}: expected one "${from}", found ${count}`);
  return { ...files, [file]: text.replace(from, to) };
}

export interface PairRun {
  spec?: Partial<PairSpec>;
  /** Rule ids to run; the others are off. Default: every pair rule. */
  rules?: string[];
  platformBus?: PlatformBusGeometry;
}

/** Checks `host.dts` + `guest.dts` (+ `qemu-args.txt`, `host.config`, `host.cmdline` when present and not overridden). */
export function checkFiles(files: Files, run: PairRun = {}): CheckResult {
  const host = new SourceHost(new Map(Object.entries(files).map(([name, text]) => [`${PDIR}/${name}`, text])));
  const spec: PairSpec = { host: `${PDIR}/host.dts`, guest: `${PDIR}/guest.dts` };
  if (files['qemu-args.txt'] !== undefined) spec.qemu = `${PDIR}/qemu-args.txt`;
  if (files['host.config'] !== undefined) spec.kconfig = `${PDIR}/host.config`;
  if (files['host.cmdline'] !== undefined) spec.cmdline = `${PDIR}/host.cmdline`;
  Object.assign(spec, run.spec ?? {});
  for (const key of Object.keys(spec) as (keyof PairSpec)[]) if (spec[key] === undefined) delete spec[key];
  const ids = run.rules ?? registry.filter((r) => r.scope === 'pair').map((r) => r.id);
  const levels: Record<string, ConfiguredLevel> = {};
  for (const r of registry) {
    if (!ids.includes(r.id)) levels[r.id] = 'off';
    else if (r.level === 'off') levels[r.id] = 'warning';
  }
  return checkPairs([spec], { host, rules: levels, cwd: PDIR, ...(run.platformBus ? { platformBus: run.platformBus } : {}) });
}
