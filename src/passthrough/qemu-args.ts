/**
 * A QEMU command line read from a file, as a shell would split it and as QEMU would read it:
 * which machine, which GIC, and which `-device` entries in which order. Only what the passthrough
 * model needs; everything else is skipped without judgement.
 *
 * Facts from QEMU (system/vl.c, util/qemu-option.c, hw/vfio/platform.c):
 * - `-opt` and `--opt` are the same option; the argument is always the next word.
 * - `-device` values are QemuOpts: `driver,key=value,...`, the first element without `=` is the
 *   driver, `,,` is a literal comma, a later element without `=` is a flag (`key` = on, `nokey` = off).
 *   A value starting with `{` is JSON instead, and JSON devices are created after all the others.
 * - `-M`/`-machine` merge: later options add to or override earlier ones; the first element
 *   without `=` is the machine type.
 * - vfio-platform names the host device by `sysfsdev=` (basename taken) before `host=`; a `host=`
 *   containing `/` is refused ("wrong host device name").
 */
import type { Diagnostic } from '../dts/diagnostic.js';
import type { Location } from '../dts/location.js';
import { SourceFile } from '../dts/source.js';

/** One shell word: its text after quote removal, and where each character came from. */
export interface ShellWord {
  text: string;
  /** Source offset of each character of `text`. */
  offsets: number[];
  /** Source span of the raw word, quotes included: [start, end). */
  start: number;
  end: number;
}

export interface QemuMachine {
  /** The machine type (`virt`), when one was given. */
  type?: string;
  props: Record<string, string>;
  /** Every `-M`/`-machine` argument, in order. */
  at: Location[];
}

export interface QemuDevice {
  driver: string;
  props: Record<string, string>;
  /** The host device name: basename of `sysfsdev=`, else `host=`. */
  host?: string;
  /** Position among all `-device` options on the command line, from 0. */
  index: number;
  /** Position in QEMU's creation order (QemuOpts devices first, then JSON ones), from 0. */
  order: number;
  /** The argument of `-device`. */
  at: Location;
  /** The `-device` word itself. */
  optionAt: Location;
  /** Each `key=value` element (the driver under `driver`); JSON devices point at the whole argument. */
  propAt: Record<string, Location>;
  json: boolean;
}

export type GicVersion = 2 | 3 | 4 | 'host' | 'max';

export interface QemuArgs {
  /** The program word when the line starts with one (`qemu-system-aarch64`). */
  program?: string;
  machine?: QemuMachine;
  gicVersion?: GicVersion;
  /** Every `-device`, in command-line order. */
  devices: QemuDevice[];
  /**
   * `-dtb FILE` (or `-machine dtb=FILE`): with it, QEMU adds no platform-bus nodes to the guest DT (the
   * user's DT is used as is); without it, QEMU writes them and exits for devices it has no node for.
   */
  dtb?: { file: string; at: Location };
  /**
   * `-smp` options merged in order (softmmu/vl.c merges them into the machine's `smp` property; the
   * first element without `=` is `cpus`), with where the last one is.
   */
  smp?: { props: Record<string, string>; at: Location };
  /**
   * `-m [size=]SIZE[,slots=N,maxmem=SIZE]` merged in order, as softmmu/vl.c parse_memory_options
   * reads it: `bytes` the RAM size (a size without a suffix is in MiB; undefined when QEMU would
   * refuse it), `text` the size as written, `at` the last -m's argument. Without -m the machine's
   * default applies (virt: 128 MiB).
   */
  memory?: { bytes?: bigint; text: string; at: Location };
  /**
   * The accelerators named, in order: `-enable-kvm` (kvm), `-accel NAME,...` (its props, e.g.
   * kernel-irqchip), `-M accel=kvm:tcg` (each name, no props).
   */
  accelerators: QemuAccelerator[];
  problems: Diagnostic[];
}

export interface QemuAccelerator {
  name: string;
  props: Record<string, string>;
  at: Location;
}

/**
 * Drivers that QEMU 7.2's virt machine plugs onto its dynamic platform bus: hw/arm/virt.c
 * virt_machine_class_init's machine_class_allow_dynamic_sysbus_dev calls (tpm-tis-device when QEMU
 * is built with CONFIG_TPM). Later releases add more (uefi-vars-sysbus); 7.2 does not know them.
 */
export const DYNAMIC_SYSBUS_DRIVERS: readonly string[] = ['vfio-calxeda-xgmac', 'vfio-amd-xgbe', 'ramfb', 'vfio-platform', 'tpm-tis-device'];

/** The vfio-platform family: devices that take a host platform device. */
export const VFIO_PLATFORM_DRIVERS: readonly string[] = ['vfio-platform', 'vfio-calxeda-xgmac', 'vfio-amd-xgbe'];

const CODE = 'qemu-args';

// Options that never take an argument (QEMU's qemu-options.hx, entries without HAS_ARG).
const NO_ARG = new Set([
  'nographic', 'enable-kvm', 'no-reboot', 'no-shutdown', 'S', 's', 'snapshot', 'daemonize', 'no-user-config',
  'nodefaults', 'no-acpi', 'no-hpet', 'full-screen', 'no-quit', 'version', 'h', 'help', 'semihosting',
  'only-migratable', 'preconfig', 'no-fd-bootchk', 'win2k-hack', 'alt-grab', 'ctrl-grab', 'localtime', 'usb',
  'singlestep', 'enable-fips', 'xen-attach', 'mem-prealloc', 'no-frame', 'rtc-td-hack', 'old-param',
  'portrait', 'curses', 'sdl', 'enable-sync-profile', 'nouserconfig', 'perfmap', 'jitdump',
]);

// Options that always take the next word, even when it starts with '-'.
const WITH_ARG = new Set([
  'device', 'M', 'machine', 'm', 'cpu', 'smp', 'kernel', 'initrd', 'append', 'dtb', 'drive', 'netdev', 'net', 'nic',
  'serial', 'monitor', 'mon', 'chardev', 'bios', 'object', 'accel', 'name', 'global', 'set', 'boot', 'display',
  'vga', 'qmp', 'qmp-pretty', 'incoming', 'L', 'D', 'd', 'trace', 'rtc', 'fsdev', 'virtfs', 'blockdev', 'readconfig',
  'writeconfig', 'pidfile', 'k', 'mem-path', 'numa', 'overcommit', 'sandbox', 'msg', 'icount', 'plugin', 'audiodev',
  'audio', 'uuid', 'hda', 'hdb', 'hdc', 'hdd', 'cdrom', 'fda', 'fdb', 'mtdblock', 'sd', 'pflash', 'usbdevice',
  'tpmdev', 'parallel', 'debugcon', 'gdb', 'smbios', 'fw_cfg', 'add-fd', 'action', 'iscsi', 'spice', 'vnc',
  'watchdog-action', 'option-rom', 'prom-env', 'semihosting-config', 'compat', 'runas', 'run-with', 'chroot',
  'async-teardown', 'seed', 'loadvm', 'machine-opts', 'tb-size', 'dfilter', 'g', 'acpitable',
]);

/** Splits and reads a QEMU command line. Never throws: problems come back as diagnostics. */
export function parseQemuArgs(text: string, file = '<qemu-args>'): QemuArgs {
  const source = new SourceFile(file, text);
  const split = splitShellWords(text, source);
  const problems = [...split.problems];
  const words = split.words;
  const result: QemuArgs = { devices: [], accelerators: [], problems };

  let i = 0;
  if (words.length > 0 && !words[0]!.text.startsWith('-')) {
    result.program = words[0]!.text;
    i = 1;
  }
  const machineArgs: ShellWord[] = [];
  for (; i < words.length; i++) {
    const word = words[i]!;
    if (!word.text.startsWith('-') || word.text.length === 1) continue; // a positional argument (disk image)
    const name = word.text.replace(/^--?/, '');
    if (name === 'enable-kvm') result.accelerators.push({ name: 'kvm', props: {}, at: wordLocation(source, word) });
    if (NO_ARG.has(name)) continue;
    const next = words[i + 1];
    const takes = next !== undefined && (WITH_ARG.has(name) || !next.text.startsWith('-'));
    if (!takes) {
      if (WITH_ARG.has(name)) problems.push(problem(source, word, 'error', `option '${word.text}' needs an argument`));
      continue;
    }
    i++;
    if (name === 'device') {
      const device = readDevice(word, next, result.devices.length, source, problems);
      if (device) result.devices.push(device);
    } else if (name === 'M' || name === 'machine') {
      machineArgs.push(next);
    } else if (name === 'dtb') {
      result.dtb = { file: next.text, at: wordLocation(source, next) };
    } else if (name === 'smp') {
      result.smp = { props: { ...result.smp?.props, ...parseQemuOpts(next, 'cpus').props }, at: wordLocation(source, next) };
    } else if (name === 'm') {
      const text = parseQemuOpts(next, 'size').props['size'] ?? result.memory?.text ?? '';
      const bytes = qemuRamSize(text);
      result.memory = { text, at: wordLocation(source, next), ...(bytes !== undefined ? { bytes } : {}) };
    } else if (name === 'accel') {
      const props = parseQemuOpts(next, 'accel').props;
      const accel = props['accel'] ?? '';
      delete props['accel'];
      result.accelerators.push({ name: accel, props, at: wordLocation(source, next) });
    }
  }

  if (machineArgs.length > 0) result.machine = readMachine(machineArgs, source, problems);
  // softmmu/vl.c: -M accel=kvm:tcg lists accelerators to try in order.
  const machineAccel = result.machine?.props['accel'];
  if (machineAccel !== undefined && result.machine) {
    const at = result.machine.at[result.machine.at.length - 1]!;
    for (const accelName of machineAccel.split(':')) if (accelName !== '') result.accelerators.push({ name: accelName, props: {}, at });
  }
  // softmmu/vl.c: -dtb FILE is the machine property dtb (QEMU_OPTION_dtb), so -M virt,dtb=FILE is the same.
  const machineDtb = result.machine?.props['dtb'];
  if (!result.dtb && machineDtb !== undefined && result.machine) result.dtb = { file: machineDtb, at: result.machine.at[result.machine.at.length - 1]! };
  const gic = result.machine?.props['gic-version'];
  if (gic !== undefined && result.machine) {
    const version = parseGicVersion(gic);
    if (version === undefined) {
      const at = result.machine.at[result.machine.at.length - 1]!;
      problems.push({ code: CODE, severity: 'error', message: `gic-version '${gic}' is not 2, 3, 4, host or max`, at });
    } else result.gicVersion = version;
  }
  assignCreationOrder(result.devices);
  return result;
}

const SIZE_UNITS = 'BKMGTPE';

/**
 * A `-m` size as softmmu/vl.c parse_memory_options reads it: a size without a suffix is in MiB (the
 * legacy format), else qemu_strtosz (util/cutils.c: a decimal number, a fraction allowed, and a unit
 * B, K, M, G, T, P or E in either case, powers of 1024), then rounded up to 8 KiB. Undefined for what
 * QEMU refuses.
 */
export function qemuRamSize(text: string): bigint | undefined {
  const m = /^(\d+)(?:\.(\d+))?([a-zA-Z])?$/.exec(text);
  if (!m) return undefined;
  const unit = SIZE_UNITS.indexOf((m[3] ?? 'M').toUpperCase());
  if (unit < 0) return undefined;
  const scale = 1024n ** BigInt(unit);
  const fraction = m[2] ?? '';
  // Exact arithmetic: whole part and fraction, each times the unit.
  let bytes = BigInt(m[1]!) * scale + (fraction === '' ? 0n : (BigInt(fraction) * scale) / 10n ** BigInt(fraction.length));
  if (fraction !== '' && unit === 0) return undefined;
  const align = 8192n;
  bytes = ((bytes + align - 1n) / align) * align;
  return bytes === 0n ? undefined : bytes;
}

/** The devices that take a host platform device, in QEMU's creation order. */
export function vfioPlatformDevices(args: QemuArgs): QemuDevice[] {
  return args.devices.filter((d) => VFIO_PLATFORM_DRIVERS.includes(d.driver)).sort((a, b) => a.order - b.order);
}

/** Dynamic sysbus devices (they compete for platform-bus MMIO and SPIs), in QEMU's creation order. */
export function platformBusDevices(args: QemuArgs): QemuDevice[] {
  return args.devices.filter((d) => DYNAMIC_SYSBUS_DRIVERS.includes(d.driver)).sort((a, b) => a.order - b.order);
}

function parseGicVersion(value: string): GicVersion | undefined {
  if (value === 'host' || value === 'max') return value;
  if (value === '2' || value === '3' || value === '4') return Number(value) as 2 | 3 | 4;
  return undefined;
}

// softmmu/vl.c qemu_create_cli_devices: the QemuOpts devices in order (qemu_opts_foreach), then the
// JSON ones (its device_opts list, filled in command-line order by the QEMU_OPTION_device case).
function assignCreationOrder(devices: QemuDevice[]): void {
  let order = 0;
  for (const d of devices) if (!d.json) d.order = order++;
  for (const d of devices) if (d.json) d.order = order++;
}

function readDevice(
  option: ShellWord,
  arg: ShellWord,
  index: number,
  source: SourceFile,
  problems: Diagnostic[],
): QemuDevice | undefined {
  const at = wordLocation(source, arg);
  const optionAt = wordLocation(source, option);
  let props: Record<string, string>;
  let propAt: Record<string, Location>;
  const json = arg.text.startsWith('{');
  if (json) {
    const parsed = parseJsonDevice(arg.text);
    if (typeof parsed === 'string') {
      problems.push({ code: CODE, severity: 'error', message: `-device JSON: ${parsed}`, at });
      return undefined;
    }
    props = parsed;
    propAt = Object.fromEntries(Object.keys(props).map((k) => [k, at]));
  } else {
    const opts = parseQemuOpts(arg, 'driver');
    props = opts.props;
    propAt = Object.fromEntries(Object.entries(opts.spans).map(([k, [s, e]]) => [k, spanLocation(source, arg, s, e)]));
  }
  const driver = props['driver'];
  if (driver === undefined || driver === '') {
    problems.push({ code: CODE, severity: 'error', message: '-device without a driver', at });
    return undefined;
  }
  if (driver === 'help' || driver === '?') return undefined;
  delete props['driver'];
  const device: QemuDevice = { driver, props, index, order: index, at, optionAt, propAt, json };
  const host = hostName(props);
  if (host !== undefined) device.host = host;
  if (VFIO_PLATFORM_DRIVERS.includes(driver)) checkHostName(device, problems);
  return device;
}

// hw/vfio/platform.c vfio_base_device_init: sysfsdev wins over host, and host may not contain '/'.
function hostName(props: Record<string, string>): string | undefined {
  const sysfsdev = props['sysfsdev'];
  if (sysfsdev !== undefined) return pathBasename(sysfsdev);
  return props['host'];
}

function checkHostName(device: QemuDevice, problems: Diagnostic[]): void {
  if (device.props['sysfsdev'] !== undefined || device.props['fd'] !== undefined) return;
  const host = device.props['host'];
  if (host === undefined) {
    problems.push({ code: CODE, severity: 'error', message: `${device.driver} without host= or sysfsdev=: QEMU refuses it ("wrong host device name")`, at: device.at });
  } else if (host.includes('/')) {
    problems.push({
      code: CODE,
      severity: 'error',
      message: `host=${host} contains '/': QEMU refuses it ("wrong host device name"); use sysfsdev= for a path`,
      at: device.propAt['host'] ?? device.at,
    });
  }
}

// As g_path_get_basename: trailing slashes do not count; "/" stays "/".
function pathBasename(path: string): string {
  const trimmed = path.replace(/\/+$/, '');
  if (trimmed === '') return path === '' ? '.' : '/';
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}

function readMachine(args: ShellWord[], source: SourceFile, problems: Diagnostic[]): QemuMachine {
  const machine: QemuMachine = { props: {}, at: [] };
  for (const arg of args) {
    machine.at.push(wordLocation(source, arg));
    if (arg.text.startsWith('{')) {
      const parsed = parseJsonDevice(arg.text);
      if (typeof parsed === 'string') {
        problems.push({ code: CODE, severity: 'error', message: `-machine JSON: ${parsed}`, at: wordLocation(source, arg) });
        continue;
      }
      Object.assign(machine.props, parsed);
    } else Object.assign(machine.props, parseQemuOpts(arg, 'type').props);
    const type = machine.props['type'];
    if (type !== undefined) {
      machine.type = type;
      delete machine.props['type'];
    }
  }
  return machine;
}

interface ParsedOpts {
  props: Record<string, string>;
  /** Offsets in the word's text of each element, [start, end). */
  spans: Record<string, [number, number]>;
}

/** QemuOpts syntax (util/qemu-option.c opts_do_parse): `implied,key=value,flag,nokey`, `,,` escapes a comma. */
export function parseQemuOpts(word: Pick<ShellWord, 'text'>, impliedKey?: string): ParsedOpts {
  const text = word.text;
  const props: Record<string, string> = {};
  const spans: Record<string, [number, number]> = {};
  let p = 0;
  let first = true;
  while (p < text.length) {
    const start = p;
    const nameEnd = indexOfAny(text, '=,', p);
    let key: string;
    let value: string;
    if (text[nameEnd] !== '=') {
      if (first && impliedKey !== undefined) {
        key = impliedKey;
        [value, p] = readOptValue(text, p);
      } else {
        const name = text.slice(p, nameEnd);
        p = nameEnd;
        // A bare `nokey` means key=off, a bare `key` means key=on.
        if (name.startsWith('no')) [key, value] = [name.slice(2), 'off'];
        else [key, value] = [name, 'on'];
      }
    } else {
      key = text.slice(p, nameEnd);
      [value, p] = readOptValue(text, nameEnd + 1);
    }
    props[key] = value;
    spans[key] = [start, p];
    first = false;
    if (text[p] === ',') p++;
  }
  return { props, spans };
}

// get_opt_value: up to the next single comma; ",," stands for ",".
function readOptValue(text: string, from: number): [string, number] {
  let value = '';
  let p = from;
  while (p < text.length) {
    if (text[p] === ',') {
      if (text[p + 1] !== ',') break;
      value += ',';
      p += 2;
    } else value += text[p++];
  }
  return [value, p];
}

function indexOfAny(text: string, chars: string, from: number): number {
  for (let i = from; i < text.length; i++) if (chars.includes(text[i]!)) return i;
  return text.length;
}

/** QEMU's own JSON parser stops at 1,024 levels (qobject/json-streamer.c MAX_NESTING); no device option needs more than a few. */
const MAX_JSON_DEPTH = 1024;

/** How deep arrays and objects nest in a parsed JSON value, without recursion. */
function jsonDepth(root: object): number {
  let max = 0;
  const stack: [unknown, number][] = [[root, 1]];
  while (stack.length > 0) {
    const [v, d] = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (d > max) max = d;
    if (max > MAX_JSON_DEPTH) return max;
    for (const child of Object.values(v)) stack.push([child, d + 1]);
  }
  return max;
}

function parseJsonDevice(text: string): Record<string, string> | string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return e instanceof Error ? e.message : 'not valid JSON';
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not a JSON object';
  // JSON.parse takes any depth, JSON.stringify below recurses: a value 5,000 deep overflowed the stack.
  if (jsonDepth(value) > MAX_JSON_DEPTH) return `nested more than ${MAX_JSON_DEPTH} deep`;
  // No prototype: a "__proto__" key is a key like any other.
  const props = Object.create(null) as Record<string, string>;
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    props[k] = typeof v === 'string' ? v : JSON.stringify(v);
  }
  return props;
}

export interface ShellSplit {
  words: ShellWord[];
  problems: Diagnostic[];
}

/**
 * POSIX shell word splitting without expansions: blanks and newlines separate words, `'...'` is
 * literal, `"..."` honours `\` before `$ \` " \\` and newline, an unquoted `\` escapes the next
 * character, `\`+newline joins lines, and `#` at the start of a word comments out the rest of the line.
 * `$VAR`, `$(...)` and backquotes are kept as text (with a warning): dtlint does not run a shell.
 */
export function splitShellWords(text: string, source: SourceFile = new SourceFile('<qemu-args>', text)): ShellSplit {
  const words: ShellWord[] = [];
  const problems: Diagnostic[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    if (c === '\\' && text[i + 1] === '\n') {
      i += 2;
      continue;
    }
    if (c === '\\' && text[i + 1] === '\r' && text[i + 2] === '\n') {
      i += 3;
      continue;
    }
    if (c === '#') {
      while (i < n && text[i] !== '\n') i++;
      continue;
    }
    const word: ShellWord = { text: '', offsets: [], start: i, end: i };
    const push = (ch: string, at: number): void => {
      word.text += ch;
      word.offsets.push(at);
    };
    while (i < n) {
      const ch = text[i]!;
      if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') break;
      if (ch === '\\') {
        const next = text[i + 1];
        if (next === undefined) {
          push('\\', i);
          i++;
        } else if (next === '\n') i += 2;
        else if (next === '\r' && text[i + 2] === '\n') i += 3;
        else {
          push(next, i + 1);
          i += 2;
        }
      } else if (ch === "'") {
        const close = text.indexOf("'", i + 1);
        if (close === -1) {
          problems.push(rangeProblem(source, i, n, 'error', 'unterminated single quote'));
          for (let k = i + 1; k < n; k++) push(text[k]!, k);
          i = n;
        } else {
          for (let k = i + 1; k < close; k++) push(text[k]!, k);
          i = close + 1;
        }
      } else if (ch === '"') {
        const open = i;
        i++;
        let closed = false;
        while (i < n) {
          const d = text[i]!;
          if (d === '"') {
            closed = true;
            i++;
            break;
          }
          if (d === '\\' && i + 1 < n && '$`"\\\n'.includes(text[i + 1]!)) {
            if (text[i + 1] !== '\n') push(text[i + 1]!, i + 1);
            i += 2;
            continue;
          }
          if (d === '$' || d === '`') noteExpansion(text, i, source, problems);
          push(d, i);
          i++;
        }
        if (!closed) problems.push(rangeProblem(source, open, n, 'error', 'unterminated double quote'));
      } else {
        if (ch === '$' || ch === '`') noteExpansion(text, i, source, problems);
        push(ch, i);
        i++;
      }
    }
    word.end = i;
    words.push(word);
  }
  return { words, problems };
}

function noteExpansion(text: string, at: number, source: SourceFile, problems: Diagnostic[]): void {
  const next = text[at + 1];
  if (text[at] === '$' && (next === undefined || !/[A-Za-z_{(0-9@*#?$!-]/.test(next))) return;
  problems.push(rangeProblem(source, at, at + 1, 'warning', 'shell expansion is not performed: the text is read literally'));
}

function problem(source: SourceFile, word: ShellWord, severity: 'error' | 'warning', message: string): Diagnostic {
  return { code: CODE, severity, message, at: wordLocation(source, word) };
}

function rangeProblem(source: SourceFile, start: number, end: number, severity: 'error' | 'warning', message: string): Diagnostic {
  return { code: CODE, severity, message, at: source.rangeAt(start, end) };
}

function wordLocation(source: SourceFile, word: ShellWord): Location {
  return source.rangeAt(word.start, word.end);
}

/** Location of characters [from, to) of a word's text, in the source. */
function spanLocation(source: SourceFile, word: ShellWord, from: number, to: number): Location {
  if (to <= from || word.offsets.length === 0) return wordLocation(source, word);
  return source.rangeAt(word.offsets[from]!, word.offsets[Math.min(to, word.offsets.length) - 1]! + 1);
}

