/**
 * Seeded mutations of corpus-like inputs for the fuzz suite: dtlint's fixtures (every .dts/.dtsi
 * under fixtures/) and the pair inputs of the example (host, guest, QEMU arguments, kconfig, the
 * partition node in the host). The same seed gives the same cases on every machine.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';

/** mulberry32: small, fast, and the same everywhere. */
export class Rng {
  constructor(private state: number) {}
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) | 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(list: readonly T[]): T {
    return list[this.int(list.length)]!;
  }
}

export const FUZZ_DIR = '/fuzz';
export const FUZZ_MAIN = `${FUZZ_DIR}/main.dts`;

export interface CorpusFile {
  /** Path under fixtures/, for reports. */
  name: string;
  text: string;
  /** Files beside it (includes), by name. */
  siblings: Record<string, string>;
}

function walkFiles(dir: string, out: string[]): void {
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walkFiles(path, out);
    else out.push(path);
  }
}

/** Every .dts/.dtsi under fixtures/, each with the .dtsi/.h files of its directory. */
export function loadCorpus(root: string): CorpusFile[] {
  const all: string[] = [];
  walkFiles(join(root, 'fixtures'), all);
  const byDir = new Map<string, string[]>();
  for (const f of all) {
    const d = dirname(f);
    byDir.set(d, [...(byDir.get(d) ?? []), f]);
  }
  return all
    .filter((f) => /\.dtsi?$/.test(f))
    .map((f) => {
      const siblings: Record<string, string> = {};
      for (const s of byDir.get(dirname(f)) ?? []) if (s !== f && /\.(dtsi|h)$/.test(s)) siblings[basename(s)] = readFileSync(s, 'latin1');
      return { name: relative(root, f), text: readFileSync(f, 'latin1'), siblings };
    });
}

export interface PairCorpus {
  host: string;
  guest: string;
  qemu: string;
  kconfig: string;
  siblings: Record<string, string>;
}

export function loadPair(root: string): PairCorpus {
  const dir = join(root, 'fixtures/example');
  const read = (f: string): string => readFileSync(join(dir, f), 'latin1');
  return { host: read('host.dts'), guest: read('guest.dts'), qemu: read('qemu-args.txt'), kconfig: read('host.config'), siblings: { 'acme-a1.dtsi': read('acme-a1.dtsi'), 'acme-a1-rsrc.h': read('acme-a1-rsrc.h') } };
}

const insertAt = (text: string, at: number, s: string): string => text.slice(0, at) + s + text.slice(at);

/** A position in the text, biased to just after a `{`, `;` or newline now and then. */
function spot(rng: Rng, text: string): number {
  const at = rng.int(text.length + 1);
  if (rng.next() < 0.5) {
    const nl = text.indexOf(rng.pick(['\n', '{', ';']), at);
    if (nl !== -1) return nl + 1;
  }
  return at;
}

function nested(rng: Rng, depth: number, close: boolean): string {
  const open = rng.pick(['n { ', 'a: n@1 { ', '/ { ']);
  return open.repeat(depth) + (close ? '};'.repeat(depth) : '');
}

function doublingBomb(rng: Rng): { defs: string; use: string } {
  const depth = 10 + rng.int(20);
  const stringify = rng.next() < 0.5;
  let defs = stringify ? '#define S(x) #x\n#define E(x) S(x)\n#define X0 a\n' : '#define X0 a\n';
  for (let i = 1; i <= depth; i++) defs += stringify ? `#define X${i} E(X${i - 1}) E(X${i - 1})\n` : `#define X${i} X${i - 1} X${i - 1}\n`;
  return { defs, use: `X${depth}` };
}

const HUGE_NUMBERS = ['0xffffffffffffffffffffffffffff', '99999999999999999999999999999', '-1', '(-0x8000000000000000 / -1)', '(1 << 64)', '0x', '1e9', `0x${'f'.repeat(4000)}`, `${'9'.repeat(5000)}`];
const ODD_INCBINS = [
  '/incbin/("/dev/zero")',
  '/incbin/("/dev/zero", 0, 16)',
  '/incbin/("/dev/zero", 0xffffffffffff, 16)',
  '/incbin/("/dev/null")',
  '/incbin/("/")',
  '/incbin/("")',
  '/incbin/("../../../../..")',
  '/incbin/("/proc/self/status", 0, 8)',
  '/incbin/("main.dts", 0xffffffffffffffff, 0xffffffffffffffff)',
  '/incbin/("/fuzz/nope")',
];
const ODD_DIRECTIVES = [
  '#if\n',
  '#elif 1\n',
  '#endif\n',
  '#if 1 ? : 2\n#endif\n',
  '#if (((((((((((\n#endif\n',
  `#if ${'0 ? 0 : '.repeat(3000)}1\n#endif\n`,
  '#define A A\nA\n',
  '#define F(x) F(x)\nF(F(1))\n',
  '#include "/"\n',
  '#include <>\n',
  '#include "/dev/zero"\n',
  '/include/ "/dev/zero"\n',
  '#line 0 "x"\n',
  '#pragma once\n',
  '#define\n',
  '#undef __FILE__\n',
  '__has_include(\n',
  '# 4294967296 "x.dts"\n',
];
const OVERLAY_BITS = [
  '/plugin/;\n',
  '&{/} { x; };\n',
  '&nolabel { x; };\n',
  '/ { fragment@0 { target = <&eth0>; __overlay__ { status = "okay"; }; }; };\n',
  '/ { fragment@0 { target-path = "/nope"; __overlay__ { }; }; };\n',
  '&{/a/b/c} { };\n',
];
const ODD_VALUES = [
  'p = [abababababababababababababababababababababababababababab];',
  `p = [${'ab'.repeat(4000)}];`,
  `p = <${'&a '.repeat(2000)}>;`,
  `p = ${Array.from({ length: 3000 }, (_, i) => `l${i}:`).join(' ')} <1>;`,
  'p = /bits/ 7 <1>;',
  'p = /bits/ 64 <0xffffffffffffffffff>;',
  'p = "\\x";',
  'p = "\\777";',
  "p = <'\\q'>;",
  'msi-map = <0>;',
  'iommu-map = <0 &a>;',
  'interrupt-map = <0 0 0 1 &a 0>;',
  'interrupts-extended = <&a>;',
  'clocks = <&{/}>;',
  'interrupt-parent = <&{/}>;',
  'reg = <0xffffffff 0xffffffff 0xffffffff 0xffffffff>;',
  'ranges = <1 2>;',
  '#address-cells = <0xffffffff>;',
  '#interrupt-cells = <4000000000>;',
  'phandle = <0>;',
  'phandle = <0xffffffff>;',
  '/delete-property/ p;',
  '/delete-node/ nope;',
  '/omit-if-no-ref/ x { };',
  `${'// dtlint-disable-next-line raw-phandle\n'.repeat(50)}x;`,
  `// dtlint-disable-line ${Array.from({ length: 500 }, (_, i) => `r${i}`).join(',')}`,
];

export type Mutator = (rng: Rng, text: string, files: Record<string, string>) => string;

/** Each mutator takes a text and gives another; some add files (include cycles). */
export const MUTATORS: Record<string, Mutator> = {
  truncate: (rng, t) => t.slice(0, rng.int(t.length + 1)),
  byteFlips: (rng, t) => {
    const chars = t.split('');
    for (let k = 1 + rng.int(8); k > 0 && chars.length > 0; k--) chars[rng.int(chars.length)] = String.fromCharCode(rng.int(256));
    return chars.join('');
  },
  dropBraces: (rng, t) => {
    let out = t;
    for (let k = 1 + rng.int(4); k > 0; k--) {
      const c = rng.pick(['{', '}', ';', '<', '>', '"', '(', ')']);
      const positions: number[] = [];
      for (let i = out.indexOf(c); i !== -1 && positions.length < 10000; i = out.indexOf(c, i + 1)) positions.push(i);
      if (positions.length === 0) continue;
      const at = rng.pick(positions);
      out = out.slice(0, at) + out.slice(at + 1);
    }
    return out;
  },
  unterminated: (rng, t) => insertAt(t, spot(rng, t), rng.pick(['/*', '"', "'", '<', '[', '(', '{', '//', '\\', '&{', '#if 1\n', '/*/'])),
  deepNesting: (rng, t) => insertAt(t, spot(rng, t), nested(rng, rng.pick([100, 1000, 20000]), rng.next() < 0.7)),
  hugeNumbers: (rng, t) => {
    const m = [...t.matchAll(/\b(0x[0-9a-fA-F]+|\d+)\b/g)];
    if (m.length === 0) return t + `\n/ { p = <${rng.pick(HUGE_NUMBERS)}>; };\n`;
    const hit = rng.pick(m);
    return t.slice(0, hit.index) + rng.pick(HUGE_NUMBERS) + t.slice(hit.index + hit[0].length);
  },
  includeCycle: (rng, t, files) => {
    const how = rng.pick(['#include', '/include/']);
    files[`${FUZZ_DIR}/a.dtsi`] = `${how} "b.dtsi"\n/ { a; };\n`;
    files[`${FUZZ_DIR}/b.dtsi`] = `${how} "${rng.pick(['a.dtsi', 'main.dts', 'b.dtsi'])}"\n/ { b; };\n`;
    return insertAt(t, spot(rng, t), `\n${how} "a.dtsi"\n`);
  },
  macroBomb: (rng, t) => {
    const { defs, use } = doublingBomb(rng);
    return `${defs}${insertAt(t, spot(rng, t), ` ${use} `)}`;
  },
  nestedCalls: (rng, t) => {
    const depth = rng.pick([50, 500, 10000]);
    return `#define F(x) x\n${insertAt(t, spot(rng, t), `p = <${'F('.repeat(depth)}1${rng.next() < 0.5 ? ')'.repeat(depth) : ''}>;`)}`;
  },
  incbin: (rng, t) => insertAt(t, spot(rng, t), `\n/ { p = ${rng.pick(ODD_INCBINS)}; };\n`),
  directive: (rng, t) => {
    const nl = t.indexOf('\n', rng.int(t.length + 1));
    return insertAt(t, nl === -1 ? t.length : nl + 1, rng.pick(ODD_DIRECTIVES));
  },
  overlay: (rng, t) => (rng.next() < 0.5 ? insertAt(t, t.indexOf('/dts-v1/;') === -1 ? 0 : t.indexOf('/dts-v1/;') + 9, '\n/plugin/;\n') : t) + rng.pick(OVERLAY_BITS),
  oddValue: (rng, t) => {
    const open = t.indexOf('{', rng.int(t.length + 1));
    return open === -1 ? `${t}\n/ { ${rng.pick(ODD_VALUES)} };\n` : insertAt(t, open + 1, ` ${rng.pick(ODD_VALUES)} `);
  },
  repeatLine: (rng, t) => {
    const lines = t.split('\n');
    const i = rng.int(lines.length);
    lines.splice(i, 0, ...Array.from({ length: rng.pick([10, 200, 2048]) }, () => lines[i]!));
    return lines.join('\n');
  },
  interruptRing: (rng, t) => {
    const n = rng.pick([2, 50, 1000]);
    const ring = Array.from({ length: n }, (_, i) => `r${i}: r${i} { interrupt-parent = <&r${(i + 1) % n}>; interrupts = <1>; };`).join('\n');
    return `${t}\n/ { ${ring} };\n`;
  },
};

export const MUTATOR_NAMES = Object.keys(MUTATORS);

/** 1 to 3 mutations, in order. */
export function mutate(rng: Rng, text: string, files: Record<string, string>): { text: string; applied: string[] } {
  const applied: string[] = [];
  let out = text;
  for (let k = 1 + rng.int(3); k > 0; k--) {
    const name = rng.pick(MUTATOR_NAMES);
    applied.push(name);
    out = MUTATORS[name]!(rng, out, files);
  }
  return { text: out, applied };
}

/** QEMU arguments: the text mutators that make sense for a shell line, plus deep or odd -device values. */
export function mutateQemu(rng: Rng, text: string): string {
  switch (rng.int(6)) {
    case 0:
      return MUTATORS.truncate!(rng, text, {});
    case 1:
      return MUTATORS.byteFlips!(rng, text, {});
    case 2:
      return MUTATORS.dropBraces!(rng, text.replace(/vfio-platform,host=/, "'{\"driver\":\"vfio-platform\",\"host\":\"") , {});
    case 3: {
      const depth = rng.pick([10, 2000, 50000]);
      return `${text} -device '{"driver":"vfio-platform","host":"x","y":${'['.repeat(depth)}${']'.repeat(depth)}}'`;
    }
    case 4:
      return `${text} ${rng.pick(["'", '"', '\\', '$(x', '-device', '-device ,,,', '-device vfio-platform,host=', '-M', '-machine virt,gic-version=9', '-device {"__proto__":1}', '-device \'{"driver":"vfio-platform","__proto__":"x","host":"y"}\''])}`;
    default:
      return MUTATORS.hugeNumbers!(rng, text, {});
  }
}

export function mutateKconfig(rng: Rng, text: string): string {
  switch (rng.int(4)) {
    case 0:
      return MUTATORS.truncate!(rng, text, {});
    case 1:
      return MUTATORS.byteFlips!(rng, text, {});
    case 2:
      return `${text}\n${rng.pick(['CONFIG_', 'CONFIG_X=', 'CONFIG_CMDLINE="', 'CONFIG_CMDLINE="a\\', '# CONFIG_VFIO is not set', 'CONFIG_VFIO=m\nCONFIG_VFIO=n', `CONFIG_CMDLINE="${'x '.repeat(20000)}"`, 'CONFIG_CMDLINE_FORCE=y'])}\n`;
    default:
      return MUTATORS.repeatLine!(rng, text, {});
  }
}
