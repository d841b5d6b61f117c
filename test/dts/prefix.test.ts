import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StreamReader, StreamWriter, type EncodedStream } from '../../src/dts/store/stream-codec.js';
import { readBuilderState, writeBuilderState } from '../../src/dts/store/live-codec.js';
import { buildTree, type BuilderState } from '../../src/dts/build.js';
import { compileDts, type CompileResult } from '../../src/dts/compile.js';
import { parseDts } from '../../src/dts/parser.js';
import { decodePrefix, diskPrefixStore, encodePrefix, lookupsUnchanged, type PrefixKey, type PrefixStore, type PrefixToKeep } from '../../src/dts/store/prefix.js';
import { preprocess } from '../../src/dts/preprocess/index.js';
import { plainJson } from '../../src/dts/store/plain-json.js';
import { printDts } from '../../src/dts/print.js';
import { SourceHost } from '../../src/dts/source.js';
import { expectSameOutput, seen } from '../helpers/compile-view.js';
import { DEFS, FILLER, SOC } from '../helpers/prefix-sources.js';

/** Keys in order and BigInts spelled out: two ASTs that print the same are the same to every reader. */
const exact = plainJson;

const BOARD = (override: string): string => `#include "soc.dtsi"\n\n&uart0 {\n\tstatus = ON;\n${override}};\n`;

describe('builder state codec', () => {
  /** The builder state after all items of the SoC file, and the tree the build gives. */
  function built(): { state: BuilderState | undefined; tree: string } {
    const host = new SourceHost(new Map([['/t/soc.dtsi', `/dts-v1/;\n/memreserve/ 0x10 0x20;\n${SOC}`], ['/t/defs.h', DEFS]]));
    const pp = preprocess('/t/soc.dtsi', { host, includeDirs: [] });
    const parsed = parseDts({ text: pp.text, origins: pp.origins }, { host, includeDirs: [] });
    expect(parsed.diagnostics).toEqual([]);
    let state: BuilderState | undefined;
    const items = parsed.ast.items.length;
    const r = buildTree(parsed.ast, { prefix: { take: items, keep: (s) => (state = decode(encode(s))) } });
    return { state, tree: exact([printDts(r.tree), r.tree.deletions, r.tree.memreserves]) };
  }
  const encode = (s: BuilderState): EncodedStream => {
    const w = new StreamWriter();
    writeBuilderState(w, s);
    return w.done();
  };
  const decode = (e: EncodedStream): BuilderState => {
    const r = new StreamReader(e.ints, e.strings);
    const s = readBuilderState(r);
    r.end();
    return s;
  };

  it('gives back a state that encodes the same, and that an empty build turns into the same tree', () => {
    const { state, tree } = built();
    expect(state!.deletions.map((d) => [d.kind, d.name, d.matched, d.removed !== undefined])).toEqual([
      ['property', 'nothing', false, false],
      ['node', '&gone', true, false],
      ['property', 'label-name', true, true],
    ]);
    const again = encode(state!);
    expect(encode(decode(again))).toEqual(again);
    const resumed = buildTree({ items: [] }, { prefix: { restore: decode(again) } });
    expect(exact([printDts(resumed.tree), resumed.tree.deletions, resumed.tree.memreserves])).toBe(tree);
  });

  it('rejects a stream that is not a state', () => {
    const e = encode(built().state!);
    expect(() => decode({ ints: e.ints.subarray(0, 40), strings: e.strings })).toThrow();
    expect(() => decode({ ints: Int32Array.of(1, 99), strings: [] })).toThrow();
  });
});

describe('prefix store', () => {
  let dir: string;
  let store: PrefixStore & { loads: number; hits: number; saves: number };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'dtlint-prefix-'));
    mkdirSync(join(dir, 'src'));
    writeFileSync(join(dir, 'src', 'soc.dtsi'), `/dts-v1/;\n/memreserve/ 0x10 0x20;\n${SOC}${FILLER}`);
    writeFileSync(join(dir, 'src', 'defs.h'), DEFS);
    writeFileSync(join(dir, 'src', 'board.dts'), BOARD(''));
    age('soc.dtsi', 'defs.h', 'board.dts');
    const disk = diskPrefixStore(join(dir, 'cache'));
    store = {
      loads: 0,
      hits: 0,
      saves: 0,
      load(key: PrefixKey) {
        store.loads++;
        const p = disk.load(key);
        // A hit is an entry the compile goes on from: one whose lookups still find the same.
        if (p && lookupsUnchanged(p.pp.reads, new SourceHost())) store.hits++;
        return p;
      },
      save(key: PrefixKey, prefix: PrefixToKeep) {
        store.saves++;
        disk.save(key, prefix);
      },
    };
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  const board = (): string => join(dir, 'src', 'board.dts');

  /** Files modified a minute ago: older than RACY_MS, so what is derived from them is kept. */
  const age = (...names: string[]): void => {
    const then = new Date(Date.now() - 60_000);
    for (const name of names) utimesSync(join(dir, 'src', name), then, then);
  };

  /** A compile as a new run does it (a new host: files read afresh). */
  const compile = (withStore: boolean, file = board()): CompileResult => {
    return compileDts(file, { host: new SourceHost(new Map(), withStore ? { prefixes: store } : {}), includeDirs: [join(dir, 'inc')] });
  };

  it('keeps the prefix of a board, and a later run starts from it with the same result', () => {
    const fresh = seen(compile(false));
    expect(seen(compile(true))).toBe(fresh);
    expect(store.saves).toBe(1);
    expect(readdirSync(join(dir, 'cache'))).toHaveLength(1);
    expect(seen(compile(true))).toBe(fresh);
    expect(store.hits).toBe(1);
    expect(store.saves).toBe(1);
  });

  it('still starts from the prefix when the board changes below its #include', () => {
    compile(true);
    writeFileSync(board(), BOARD('\tpins = <MUX(PAD_A, 3) CLK_UART>;\n\tlabel = ON;\n'));
    const restored = compile(true);
    expect(store.hits).toBe(1);
    expect(seen(restored)).toBe(seen(compile(false)));
    // Macros of the included files expand in the board, and say where they were defined.
    const uart = restored.tree!.root.children[0]!.children[0]!;
    const pins = uart.properties.find((p) => p.name === 'pins')!;
    expect(pins.value[0]).toMatchObject({ kind: 'cells', cells: [{ value: 0x703n }, { value: 42n }] });
    const cells = pins.value[0]!.kind === 'cells' ? pins.value[0]!.cells : [];
    expect(cells[0]!.at.expansion?.map((e) => e.macro)).toEqual(['MUX']);
    expect(cells[0]!.at.expansion?.[0]!.definedAt).toMatchObject({ file: join(dir, 'src', 'soc.dtsi'), line: 4 });
  });

  it('does not start from it once an included file changed', () => {
    compile(true);
    writeFileSync(join(dir, 'src', 'defs.h'), DEFS.replace('PAD_A 7', 'PAD_A 8'));
    const after = compile(true);
    expect(store.hits).toBe(0);
    expect(seen(after)).toBe(seen(compile(false)));
    expect(seen(after)).toContain('0x802');
    // Just modified: it could change again within its timestamp's tick, so nothing is kept yet.
    expect(store.saves).toBe(1);
    age('defs.h');
    compile(true);
    expect(store.saves).toBe(2);
  });

  it('does not start from it when a lookup that found nothing now finds a file', () => {
    // soc.dtsi includes <extra.h> from -I inc, else from -I lib (the board's own directory, searched
    // first, has none): inc has none yet.
    writeFileSync(join(dir, 'src', 'soc.dtsi'), `/dts-v1/;\n#include <extra.h>\n${SOC}${FILLER}`);
    mkdirSync(join(dir, 'lib'));
    writeFileSync(join(dir, 'lib', 'extra.h'), '#define EXTRA 1\n');
    age('soc.dtsi', '../lib/extra.h');
    const compileBoth = (): CompileResult => {
      return compileDts(board(), { host: new SourceHost(new Map(), { prefixes: store }), includeDirs: [join(dir, 'inc'), join(dir, 'lib')] });
    };
    compileBoth();
    compileBoth();
    expect(store.hits).toBe(1);
    mkdirSync(join(dir, 'inc'));
    writeFileSync(join(dir, 'inc', 'extra.h'), '#warning this one now\n');
    const shadowed = compileBoth();
    expect(store.hits).toBe(1);
    expect(shadowed.diagnostics.map((d) => d.message)).toEqual(['#warning this one now']);
  });

  it('does not start from it when the #include line or what precedes it changed', () => {
    compile(true);
    writeFileSync(board(), `// a comment first\n${BOARD('')}`);
    compile(true);
    expect(store.hits).toBe(0);
    expect(store.saves).toBe(2);
  });

  it('keeps no prefix that gave a diagnostic or depends on the time, nor one after a #define', () => {
    writeFileSync(join(dir, 'src', 'defs.h'), `${DEFS}#warning careful\n`);
    age('defs.h');
    const warned = compile(true);
    expect(warned.diagnostics.map((d) => d.message)).toEqual(['#warning careful']);
    expect(store.saves).toBe(0);
    writeFileSync(join(dir, 'src', 'defs.h'), `${DEFS}#define WHEN __DATE__\n/ { built = WHEN; };\n`);
    age('defs.h');
    compile(true);
    expect(store.saves).toBe(0);
    writeFileSync(board(), '/dts-v1/;\n#define X 1\n#include "soc.dtsi"\n');
    compile(true);
    expect(store.loads).toBe(2);
  });

  it('locates every offset of the restored text as the run that made it, macro output included', () => {
    writeFileSync(board(), BOARD('\tpins = <MUX(PAD_A, 3)>;\n'));
    age('board.dts');
    const options = { host: new SourceHost(), includeDirs: [] };
    const taken = preprocess(board(), { ...options, prefix: { line: 0 } });
    const state = taken.prefix!;
    expect(state.output.text.length).toBeGreaterThan(1000);
    // Through the store's format: the records' locations are read only when asked for.
    const key = { main: board(), cppDirs: [], dtcDirs: [], defines: {}, line: 0, text: '' };
    const empty = new StreamWriter();
    writeBuilderState(empty, { root: undefined, labelIndex: new Map(), deletions: [], memreserves: [], files: [] });
    const parse = { definitions: true, state: 0, lastStart: 0, lastEnd: 0 };
    const stored = decodePrefix(encodePrefix({ pp: state, parse, built: empty.done() }, key), key)!;
    expect(Array.isArray(stored.pp.output.records)).toBe(false);
    const restored = preprocess(board(), { host: new SourceHost(), includeDirs: [], prefix: { line: 0, restore: stored.pp } });
    expect(restored.restored).toBe(true);
    expectSameOutput(restored, taken);
  });

  it('takes a damaged entry for a miss', () => {
    const fresh = seen(compile(true));
    const [entry] = readdirSync(join(dir, 'cache'));
    writeFileSync(join(dir, 'cache', entry!), 'DTLPFX\n\n\u0004\u0000\u0000\u0000{}');
    expect(seen(compile(true))).toBe(fresh);
    expect(store.hits).toBe(0);
    expect(store.saves).toBe(2);
  });
});
