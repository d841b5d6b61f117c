/** The configuration dtlint runs with, once `dtlint.config.json` is validated and its paths resolved. */
import { resolve } from 'node:path';
import type { ConfiguredLevel } from '../lint/finding.js';
import { DEFAULT_PLATFORM_BUS, type DTC_WARNING_SETS } from './schema.js';

export type DtcWarnings = (typeof DTC_WARNING_SETS)[number];

export interface PairConfig {
  name: string;
  /** Absolute paths. */
  host: string;
  guest: string;
  qemu?: string;
  kconfig?: string;
  /** A file holding the host kernel's command line (a copy of /proc/cmdline or U-Boot's bootargs). */
  cmdline?: string;
  /** Devices to pass, as written: label, full path or sysfs name. */
  pass?: string[];
  /** Node path of the host's partition node. */
  domain?: string;
}

export interface PlatformBus {
  base: bigint;
  size: bigint;
  firstSpi: number;
  spiCount: number;
}

export interface DtlintConfig {
  /** Absolute path of the config file; undefined when none was found (defaults). */
  path: string | undefined;
  /** The config file's directory (else the working dir): relative paths and fingerprints start here. */
  root: string;
  /** Absolute include dirs. */
  include: string[];
  rules: Record<string, ConfiguredLevel>;
  /** Patterns as written, relative to `root` (expand with `configFiles`). */
  files: string[];
  /** Ignore patterns as written, relative to `root`. */
  ignorePatterns: string[];
  pairs: PairConfig[];
  platformBus: PlatformBus;
  dtcWarnings: DtcWarnings;
}

/** The file as the schema accepts it. */
export interface RawConfig {
  $schema?: string;
  include?: string[];
  rules?: Record<string, ConfiguredLevel>;
  files?: string[];
  ignorePatterns?: string[];
  pairs?: {
    name: string;
    host: string;
    guest: string;
    qemu?: string;
    pass?: string[];
    domain?: string;
    kconfig?: string;
    cmdline?: string;
  }[];
  platformBus?: Partial<Record<keyof PlatformBus, number | string>>;
  dtcWarnings?: DtcWarnings;
}

export function defaultConfig(root: string): DtlintConfig {
  return {
    path: undefined,
    root: resolve(root),
    include: [],
    rules: {},
    files: [],
    ignorePatterns: [],
    pairs: [],
    platformBus: { ...DEFAULT_PLATFORM_BUS },
    dtcWarnings: 'kernel',
  };
}

/** A validated raw config with paths made absolute against the config file's directory. */
export function normalizeConfig(raw: RawConfig, path: string): DtlintConfig {
  const config = defaultConfig(resolve(path, '..'));
  const at = (p: string): string => resolve(config.root, p);
  config.path = resolve(path);
  config.include = (raw.include ?? []).map(at);
  config.rules = { ...raw.rules };
  config.files = [...(raw.files ?? [])];
  config.ignorePatterns = [...(raw.ignorePatterns ?? [])];
  config.pairs = (raw.pairs ?? []).map((p) => {
    const pair: PairConfig = { name: p.name, host: at(p.host), guest: at(p.guest) };
    if (p.qemu !== undefined) pair.qemu = at(p.qemu);
    if (p.kconfig !== undefined) pair.kconfig = at(p.kconfig);
    if (p.cmdline !== undefined) pair.cmdline = at(p.cmdline);
    if (p.pass !== undefined) pair.pass = [...p.pass];
    if (p.domain !== undefined) pair.domain = p.domain;
    return pair;
  });
  const bus = raw.platformBus ?? {};
  config.platformBus = {
    base: bus.base === undefined ? DEFAULT_PLATFORM_BUS.base : BigInt(bus.base),
    size: bus.size === undefined ? DEFAULT_PLATFORM_BUS.size : BigInt(bus.size),
    firstSpi: bus.firstSpi === undefined ? DEFAULT_PLATFORM_BUS.firstSpi : Number(BigInt(bus.firstSpi)),
    spiCount: bus.spiCount === undefined ? DEFAULT_PLATFORM_BUS.spiCount : Number(BigInt(bus.spiCount)),
  };
  config.dtcWarnings = raw.dtcWarnings ?? 'kernel';
  return config;
}
