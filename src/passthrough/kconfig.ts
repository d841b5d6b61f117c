/**
 * The host kernel's configuration, as far as passthrough needs it: a `.config` or a fragment merged
 * into a defconfig (scripts/kconfig/merge_config.sh), with the line of every assignment.
 *
 * Syntax (scripts/kconfig/confdata.c conf_read_simple): `CONFIG_X=value` (y, m, n, a number, a
 * "string"), `# CONFIG_X is not set`; other `#` lines are comments. A later assignment of the same
 * symbol wins (kconfig warns "override: reassigning to symbol X"; merge_config.sh warns "Value of X
 * is redefined by fragment").
 *
 * A full `.config` starts with kconfig's header (`# Automatically generated file; DO NOT EDIT.`): an
 * option it does not mention is off. A fragment only lists changes against a defconfig dtlint does
 * not see: an option it does not mention is unknown, not missing.
 */
import type { Diagnostic } from '../dts/diagnostic.js';
import type { Location } from '../dts/location.js';
import { smmuKindOf } from './smmu.js';

export interface KconfigEntry {
  /** Symbol name without the `CONFIG_` prefix. */
  name: string;
  /** `y`, `m`, `n`, a number or the unquoted string; `n` for `# CONFIG_X is not set`. */
  value: string;
  /** The value was written as a quoted string. */
  quoted: boolean;
  at: Location;
}

export interface KconfigFile {
  file: string;
  /** Every assignment in file order. */
  entries: KconfigEntry[];
  /** The assignment that counts (the last one) for each symbol. */
  byName: Map<string, KconfigEntry>;
  /** Symbols assigned more than once, with every assignment in order. */
  duplicates: Array<{ name: string; entries: KconfigEntry[] }>;
  /** A complete `.config` (kconfig's header, or the caller said so) rather than a fragment. */
  full: boolean;
  problems: Diagnostic[];
}

export interface KconfigOptions {
  /** Force full-config (true) or fragment (false) reading; default: detect kconfig's header. */
  full?: boolean;
}

const CODE = 'kernel-config';
const FULL_HEADER = /^#\s*Automatically generated file; DO NOT EDIT\./;

export function parseKconfig(text: string, file = '<kconfig>', options: KconfigOptions = {}): KconfigFile {
  const entries: KconfigEntry[] = [];
  const problems: Diagnostic[] = [];
  const lines = text.split('\n');
  let sawHeader = false;
  lines.forEach((raw, i) => {
    const line = raw.replace(/\r$/, '');
    const lineNo = i + 1;
    if (i < 5 && FULL_HEADER.test(line)) sawHeader = true;
    const notSet = /^(\s*)#\s*CONFIG_([A-Za-z0-9_]+) is not set\s*$/.exec(line);
    if (notSet) {
      entries.push({ name: notSet[2]!, value: 'n', quoted: false, at: loc(file, lineNo, notSet[1]!.length + 1, line.trimEnd().length + 1) });
      return;
    }
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    const assign = /^(\s*)CONFIG_([A-Za-z0-9_]+)=(.*)$/.exec(line);
    if (!assign) {
      problems.push({
        code: CODE,
        severity: 'warning',
        message: `not a kernel config line: ${trimmed}`,
        at: loc(file, lineNo, line.length - line.trimStart().length + 1, line.trimEnd().length + 1),
      });
      return;
    }
    const rawValue = assign[3]!.trim();
    const quoted = rawValue.startsWith('"');
    const value = quoted ? unquote(rawValue) : rawValue;
    entries.push({ name: assign[2]!, value, quoted, at: loc(file, lineNo, assign[1]!.length + 1, line.trimEnd().length + 1) });
  });

  const byName = new Map<string, KconfigEntry>();
  const all = new Map<string, KconfigEntry[]>();
  for (const e of entries) {
    byName.set(e.name, e);
    const list = all.get(e.name);
    if (list) list.push(e);
    else all.set(e.name, [e]);
  }
  const duplicates = [...all].filter(([, list]) => list.length > 1).map(([name, list]) => ({ name, entries: list }));
  return { file, entries, byName, duplicates, full: options.full ?? sawHeader, problems };
}

// conf_read_simple reads "..." with \" and \\ escapes.
function unquote(raw: string): string {
  let out = '';
  for (let i = 1; i < raw.length; i++) {
    const c = raw[i]!;
    if (c === '"') break;
    if (c === '\\' && i + 1 < raw.length) out += raw[++i];
    else out += c;
  }
  return out;
}

function loc(file: string, line: number, column: number, endColumn: number): Location {
  return { file, line, column, endLine: line, endColumn: Math.max(endColumn, column + 1) };
}

export type OptionState =
  /** `=y` */
  | 'enabled'
  /** `=m`: works once the module is loaded. */
  | 'module'
  /** `=n` or `is not set`. */
  | 'disabled'
  /** Not mentioned in a full `.config`: off. */
  | 'missing'
  /** Not mentioned in a fragment: the defconfig decides, dtlint cannot tell. */
  | 'unknown';

export interface RequiredOption {
  name: string;
  /** Why passthrough needs it. */
  reason: string;
  state: OptionState;
  /** The assignment that decided the state, when there is one. */
  at?: Location;
}

export interface KconfigCheck {
  required: RequiredOption[];
  /** Required options that are disabled, or missing from a full `.config`. */
  missing: RequiredOption[];
  /** Required options a fragment does not mention. */
  unknown: RequiredOption[];
  /** Options set for an SMMU the SoC does not have (the seed's ARM_SMMU_V3_SVA on an SMMUv2 SoC). */
  irrelevant: Array<{ name: string; reason: string; at: Location }>;
  /** Symbols assigned more than once. */
  duplicates: KconfigFile['duplicates'];
}

const SMMU_V3_OPTIONS = ['ARM_SMMU_V3', 'ARM_SMMU_V3_SVA'];
const SMMU_V2_OPTIONS = ['ARM_SMMU'];

/**
 * What the host kernel needs for vfio-platform with the SoC's SMMUs (their compatible strings):
 * VFIO, VFIO_PLATFORM, and ARM_SMMU for SMMUv1/v2 (arm,mmu-500, arm,smmu-v2) or ARM_SMMU_V3 for
 * arm,smmu-v3.
 */
export function missingOptionsFor(config: KconfigFile, smmuCompatibles: ReadonlyArray<string | readonly string[]>): KconfigCheck {
  const kinds = new Set(smmuCompatibles.map((c) => smmuKindOf(c)).filter((k) => k !== undefined));
  const wanted: Array<[string, string]> = [
    ['VFIO', 'the VFIO framework that hands devices to user space'],
    ['VFIO_PLATFORM', 'the vfio-platform driver that host devices are bound to'],
  ];
  if (kinds.has('smmu-v2')) wanted.push(['ARM_SMMU', 'the SMMUv1/v2 driver (arm,mmu-500 / arm,smmu-v2): without it no IOMMU group exists']);
  if (kinds.has('smmu-v3')) wanted.push(['ARM_SMMU_V3', 'the SMMUv3 driver (arm,smmu-v3): without it no IOMMU group exists']);

  const required = wanted.map(([name, reason]) => optionState(config, name, reason));
  const irrelevant: KconfigCheck['irrelevant'] = [];
  const flagOthers = (names: string[], why: string): void => {
    for (const name of names) {
      const e = config.byName.get(name);
      if (e && (e.value === 'y' || e.value === 'm')) irrelevant.push({ name, reason: why, at: e.at });
    }
  };
  if (kinds.size > 0 && !kinds.has('smmu-v3')) flagOthers(SMMU_V3_OPTIONS, 'the SoC has no SMMUv3 (arm,smmu-v3): this option drives no hardware here');
  if (kinds.size > 0 && !kinds.has('smmu-v2')) flagOthers(SMMU_V2_OPTIONS, 'the SoC has no SMMUv1/v2: this option drives no hardware here');

  return {
    required,
    missing: required.filter((r) => r.state === 'disabled' || r.state === 'missing'),
    unknown: required.filter((r) => r.state === 'unknown'),
    irrelevant,
    duplicates: config.duplicates,
  };
}

function optionState(config: KconfigFile, name: string, reason: string): RequiredOption {
  const e = config.byName.get(name);
  if (!e) return { name, reason, state: config.full ? 'missing' : 'unknown' };
  const state: OptionState = e.value === 'y' ? 'enabled' : e.value === 'm' ? 'module' : 'disabled';
  return { name, reason, state, at: e.at };
}
