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
import { IOMMU_DRIVERS, iommuDriverOf, type IommuDriver } from './iommu-drivers.js';

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
  /**
   * The kernel version the config was made for, from kconfig's header line (`# Linux/arm64 6.12.0
   * Kernel Configuration`: the top Kconfig's mainmenu, written by conf_write); absent in fragments.
   */
  version?: KernelVersion;
  problems: Diagnostic[];
}

export interface KernelVersion {
  /** As written: `6.12.0`, `6.1.55-rt15`. */
  text: string;
  major: number;
  minor: number;
  at: Location;
}

/** True when `v` is at least `major.minor`. */
export function versionAtLeast(v: KernelVersion, major: number, minor: number): boolean {
  return v.major > major || (v.major === major && v.minor >= minor);
}

export interface KconfigOptions {
  /** Force full-config (true) or fragment (false) reading; default: detect kconfig's header. */
  full?: boolean;
}

const CODE = 'kernel-config';
const FULL_HEADER = /^#\s*Automatically generated file; DO NOT EDIT\./;
const VERSION_HEADER = /^#\s*Linux\/\S+\s+((\d+)\.(\d+)\S*)\s+Kernel Configuration\s*$/;

export function parseKconfig(text: string, file = '<kconfig>', options: KconfigOptions = {}): KconfigFile {
  const entries: KconfigEntry[] = [];
  const problems: Diagnostic[] = [];
  const lines = text.split('\n');
  let sawHeader = false;
  let version: KernelVersion | undefined;
  lines.forEach((raw, i) => {
    const line = raw.replace(/\r$/, '');
    const lineNo = i + 1;
    if (i < 5 && FULL_HEADER.test(line)) sawHeader = true;
    const v = i < 5 ? VERSION_HEADER.exec(line) : null;
    if (v) version = { text: v[1]!, major: Number(v[2]), minor: Number(v[3]), at: loc(file, lineNo, 1, line.trimEnd().length + 1) };
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
  return { file, entries, byName, duplicates, full: options.full ?? sawHeader, ...(version ? { version } : {}), problems };
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
  /** Required options a fragment does not mention (and whose Kconfig default does not settle them). */
  unknown: RequiredOption[];
  /** IOMMU driver options set where the SoC has no such IOMMU (the seed's ARM_SMMU_V3_SVA on an SMMUv2 SoC). */
  irrelevant: Array<{ name: string; reason: string; at: Location }>;
  /** Symbols assigned more than once. */
  duplicates: KconfigFile['duplicates'];
}

/** An IOMMU the passed devices need: its driver's option and a node to name. */
export interface NeededIommu {
  driver: IommuDriver;
  /** The IOMMU node's path, for messages. */
  node: string;
  compatible: string;
}

const isOn = (r: RequiredOption): boolean => r.state === 'enabled' || r.state === 'module';

/**
 * What the host kernel needs for KVM + vfio-platform with QEMU 7.2 (Linux 6.12 drivers/vfio/Kconfig,
 * drivers/vfio/platform/Kconfig; QEMU 7.2 hw/vfio/common.c, which only knows the container API):
 * VFIO, VFIO_PLATFORM, VFIO_CONTAINER (/dev/vfio/vfio), VFIO_IOMMU_TYPE1 (a hidden symbol that
 * VFIO_CONTAINER selects on arm64), KVM, and the driver option of each IOMMU the passed devices
 * name. `socIommus` are the compatibles of every enabled IOMMU of the SoC: an IOMMU driver option
 * a fragment sets for none of them drives no hardware here.
 */
export function missingOptionsFor(config: KconfigFile, needed: readonly NeededIommu[], socIommus: ReadonlyArray<string | readonly string[]> = []): KconfigCheck {
  const wanted: Array<[string, string]> = [
    ['VFIO', 'the VFIO framework (/dev/vfio): without it there is no vfio-platform driver to bind and nothing for QEMU to open'],
    ['VFIO_PLATFORM', 'the vfio-platform driver: without it `echo vfio-platform > driver_override` and the bind that follows find no driver'],
    ['VFIO_CONTAINER', 'the VFIO container /dev/vfio/vfio, which QEMU 7.2 opens (vfio_connect_container; it has no iommufd backend)'],
    ['VFIO_IOMMU_TYPE1', 'the type1 IOMMU backend QEMU 7.2 asks the container for (VFIO_CONTAINER selects it on arm64): without it QEMU finds no IOMMU model'],
    ['KVM', 'KVM (/dev/kvm): without it QEMU with -enable-kvm or -accel kvm fails ("Could not access KVM kernel module")'],
  ];
  // Before 6.2 the container is part of VFIO itself (drivers/vfio/vfio.c vfio_init makes
  // /dev/vfio/vfio); VFIO_CONTAINER came with iommufd in 6.2.
  const ownContainer = containerIsVfios(config);
  if (ownContainer) wanted.splice(wanted.findIndex(([name]) => name === 'VFIO_CONTAINER'), 1);
  const seen = new Set<string>();
  for (const n of needed) {
    if (seen.has(n.driver.kconfig)) continue;
    seen.add(n.driver.kconfig);
    wanted.push([n.driver.kconfig, `the ${n.driver.name} driver for ${n.node} (${n.compatible}): without it the passed devices are in no IOMMU group, so vfio-platform cannot take them`]);
  }
  const required = wanted.map(([name, reason]) => optionState(config, name, reason));
  const byName = new Map(required.map((r) => [r.name, r]));
  // A fragment leaves unmentioned options to the base config; some follow from what it does set.
  const settled = (r: RequiredOption): boolean => {
    if (r.state !== 'unknown') return true;
    const vfioOn = ['VFIO', 'VFIO_PLATFORM'].some((n) => isOn(byName.get(n)!));
    // VFIO_PLATFORM depends on VFIO (drivers/vfio/platform/Kconfig sits inside `if VFIO`).
    if (r.name === 'VFIO') return isOn(byName.get('VFIO_PLATFORM')!);
    // VFIO_CONTAINER defaults to y (it depends on VFIO_GROUP, default y); VFIO selects it without IOMMUFD.
    if (r.name === 'VFIO_CONTAINER') return vfioOn;
    // VFIO_IOMMU_TYPE1 has no prompt: a fragment cannot set it, VFIO_CONTAINER decides.
    if (r.name === 'VFIO_IOMMU_TYPE1') return true;
    return false;
  };

  const irrelevant: KconfigCheck['irrelevant'] = [];
  if (!config.full) {
    const present = new Set(socIommus.map((c) => iommuDriverOf(c)?.kconfig).filter((k) => k !== undefined));
    const flag = (name: string, reason: string): void => {
      const e = config.byName.get(name);
      if (e && (e.value === 'y' || e.value === 'm')) irrelevant.push({ name, reason, at: e.at });
    };
    for (const d of IOMMU_DRIVERS) {
      if (present.has(d.kconfig)) continue;
      flag(d.kconfig, `the SoC has no ${hardwareName(d)}: this option drives no hardware here`);
    }
    if (!present.has('ARM_SMMU_V3')) flag('ARM_SMMU_V3_SVA', 'the SoC has no SMMUv3 (arm,smmu-v3): this option drives no hardware here');
  }

  // IOMMUFD_VFIO_CONTAINER (drivers/iommu/iommufd/Kconfig, only when VFIO_CONTAINER is off) gives
  // /dev/vfio/vfio with the type1 ioctls (iommufd_vfio_check_extension), which QEMU 7.2 can use.
  const compat = config.byName.get('IOMMUFD_VFIO_CONTAINER')?.value === 'y';
  const standsIn = (r: RequiredOption): boolean => compat && (r.name === 'VFIO_CONTAINER' || r.name === 'VFIO_IOMMU_TYPE1');
  return {
    required,
    // VFIO_IOMMU_TYPE1 follows VFIO_CONTAINER: reported only in a full config where the container is on.
    missing: required.filter(
      (r) => (r.state === 'disabled' || r.state === 'missing') && !standsIn(r) && (r.name !== 'VFIO_IOMMU_TYPE1' || (config.full && isOn(byName.get(ownContainer ? 'VFIO' : 'VFIO_CONTAINER')!))),
    ),
    unknown: required.filter((r) => !settled(r) && !standsIn(r)),
    irrelevant,
    duplicates: config.duplicates,
  };
}

/** A config for a kernel before 6.2, where VFIO itself makes the container (no VFIO_CONTAINER option). */
export function containerIsVfios(config: KconfigFile | undefined): boolean {
  return config?.version !== undefined && !versionAtLeast(config.version, 6, 2);
}

/** `SMMUv3 (arm,smmu-v3)`, `rockchip-iommu IOMMU (rockchip,iommu, ...)`. */
function hardwareName(d: IommuDriver): string {
  const what = d.name === 'arm-smmu-v3' ? 'SMMUv3' : d.name === 'arm-smmu' ? 'SMMUv1/v2' : `${d.name} IOMMU`;
  // arm_smmu_of_match starts with arm,smmu-v1; the MMU-500 is what SoCs have.
  const shown = d.name === 'arm-smmu' ? 'arm,mmu-500' : d.compatibles[0]!;
  return `${what} (${shown}${d.compatibles.length > 1 ? ', ...' : ''})`;
}

function optionState(config: KconfigFile, name: string, reason: string): RequiredOption {
  const e = config.byName.get(name);
  if (!e) return { name, reason, state: config.full ? 'missing' : 'unknown' };
  const state: OptionState = e.value === 'y' ? 'enabled' : e.value === 'm' ? 'module' : 'disabled';
  return { name, reason, state, at: e.at };
}

/** The host kernel's page size as far as the config tells it. */
export interface HostPageSize {
  /** The page size findings are computed with: the config's, else the smallest one it leaves possible. */
  size: bigint;
  /** The config settles it (a full `.config`, or a fragment that sets the choice). */
  certain: boolean;
  /** The sizes the config leaves possible, ascending (just `size` when certain). */
  possible: bigint[];
  /** The assignment that settles it. */
  at?: Location;
  /** `ARM64_64K_PAGES`, `PAGE_SHIFT`: the option that settles it. */
  option?: string;
}

/** arm64's page size choice (arch/arm64/Kconfig, "Page size"; default ARM64_4K_PAGES). */
const ARM64_PAGE_OPTIONS: ReadonlyArray<readonly [string, bigint]> = [
  ['ARM64_4K_PAGES', 0x1000n],
  ['ARM64_16K_PAGES', 0x4000n],
  ['ARM64_64K_PAGES', 0x10000n],
  // arch/Kconfig's generic choice, which ARM64_*_PAGES narrows to one (select HAVE_PAGE_SIZE_*).
  ['PAGE_SIZE_4KB', 0x1000n],
  ['PAGE_SIZE_16KB', 0x4000n],
  ['PAGE_SIZE_64KB', 0x10000n],
];

/**
 * The host's PAGE_SIZE from its kernel config: ARM64_4K_PAGES / ARM64_16K_PAGES / ARM64_64K_PAGES
 * (arch/arm64/Kconfig), PAGE_SIZE_*KB or PAGE_SHIFT (arch/Kconfig; asm/page-def.h: PAGE_SIZE is
 * 1 << CONFIG_PAGE_SHIFT). Without a config, or with one that does not settle the choice, the
 * smallest size it leaves possible is used (4 KiB, the choice's default, unless the config turns it off).
 */
export function hostPageSize(config: KconfigFile | undefined): HostPageSize {
  const all = [0x1000n, 0x4000n, 0x10000n];
  if (!config) return { size: 0x1000n, certain: false, possible: all };
  const shift = config.byName.get('PAGE_SHIFT');
  if (shift && /^1[246]$/.test(shift.value)) {
    const size = 1n << BigInt(shift.value);
    return { size, certain: true, possible: [size], at: shift.at, option: 'PAGE_SHIFT' };
  }
  for (const [name, size] of ARM64_PAGE_OPTIONS) {
    const e = config.byName.get(name);
    if (e?.value === 'y') return { size, certain: true, possible: [size], at: e.at, option: name };
  }
  // `# CONFIG_ARM64_4K_PAGES is not set` rules 4 KiB out without saying which size it is.
  const off = new Set(ARM64_PAGE_OPTIONS.filter(([name]) => config.byName.get(name)?.value === 'n').map(([, size]) => size));
  const possible = all.filter((s) => !off.has(s));
  return { size: possible[0] ?? 0x1000n, certain: false, possible: possible.length > 0 ? possible : all };
}
