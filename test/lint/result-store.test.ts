/**
 * The result store (src/lint/result-store.ts): a board whose files are as they were is read from
 * the store with the findings a fresh lint gives; any change to what it read (a file's content, a
 * file that now shadows an include, the rule levels, the build) is a miss.
 */
import { afterAll, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { diskResultStore, type ResultStore } from '../../src/lint/result-store.js';
import { lint } from '../../src/run/lint.js';
import { lint as lintWith } from '../../src/lint/engine.js';
import { compileDts } from '../../src/dts/compile.js';
import { rules as registry } from '../../rules/index.js';
import { SourceHost } from '../../src/dts/source.js';
import { PrefixShare } from '../../src/dts/store/prefix-share.js';
import type { LevelOverrides } from '../../src/lint/levels.js';

const root = mkdtempSync(join(tmpdir(), 'dtlint-results-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let n = 0;
/** A project (a .git marker: its own root) with a board that includes soc.dtsi from an -I dir. */
function project(): { dir: string; board: string; soc: string; first: string; second: string; store: string } {
  const dir = join(root, `p${n++}`);
  const first = join(dir, 'inc1');
  const second = join(dir, 'inc2');
  for (const d of [dir, join(dir, '.git'), first, second]) mkdirSync(d, { recursive: true });
  const soc = join(second, 'soc.dtsi');
  write(soc, '/ { #address-cells = <1>; #size-cells = <1>; uart@1000 { reg = <0x1000>; }; };\n');
  const board = join(dir, 'board.dts');
  write(board, '/dts-v1/;\n#include "soc.dtsi"\n/ { model = "m"; };\n');
  return { dir, board, soc, first, second, store: join(dir, 'store') };
}

/** Writes `text` and dates the file a minute back (not "racily clean": source.ts RACY_MS). */
function write(path: string, text: string, secondsAgo = 60): void {
  writeFileSync(path, text);
  const then = new Date(Date.now() - secondsAgo * 1000);
  utimesSync(path, then, then);
}

function run(p: ReturnType<typeof project>, store: ResultStore, rules?: LevelOverrides) {
  const result = lint([p.board], { includeDirs: [p.first, p.second], results: store, fingerprints: true, ...(rules ? { rules } : {}) });
  return { findings: result.findings.map((f) => `${f.ruleId} ${f.at.line}:${f.at.column} ${f.message}`), counts: { ...store.counts } };
}

describe('result store', () => {
  let p: ReturnType<typeof project>;
  beforeEach(() => {
    p = project();
  });

  it("reads an unchanged board's findings from the store: the same findings, no compile", () => {
    const first = run(p, diskResultStore(p.store, 'build-1'));
    expect(first.findings).toEqual(['reg_format 1:58 /uart@1000:reg: property has invalid length (4 bytes) (#address-cells == 1, #size-cells == 1)']);
    expect(first.counts).toEqual({ hits: 0, misses: 1, saved: 1 });
    const second = run(p, diskResultStore(p.store, 'build-1'));
    expect(second).toEqual({ findings: first.findings, counts: { hits: 1, misses: 0, saved: 0 } });
  });

  it("hashes again only the files that changed when it saves a board linted again (the others' hashes come from the entry it replaces)", () => {
    const store1 = diskResultStore(p.store, 'build-1');
    run(p, store1);
    expect(store1.work.textsHashed).toBe(2);
    write(p.board, '/dts-v1/;\n#include "soc.dtsi"\n/ { model = "n"; };\n', 30);
    const store2 = diskResultStore(p.store, 'build-1');
    const again = run(p, store2);
    expect(again.counts).toEqual({ hits: 0, misses: 1, saved: 1 });
    expect(store2.work.textsHashed).toBe(1);
    // What it kept reads back: the next run is a hit, with the same findings.
    const third = run(p, diskResultStore(p.store, 'build-1'));
    expect(third).toEqual({ findings: again.findings, counts: { hits: 1, misses: 0, saved: 0 } });
    // soc.dtsi's kept hash is its text's: a new stamp on the same text is still a hit (checked by hash).
    const then = new Date(Date.now() - 20_000);
    utimesSync(p.soc, then, then);
    const fourth = run(p, diskResultStore(p.store, 'build-1'));
    expect(fourth.counts.hits).toBe(1);
  });

  it('tells the prefix share only of the boards it compiles: a run from the store reads no board for it', () => {
    const other = join(p.dir, 'board2.dts');
    write(other, '/dts-v1/;\n#include "soc.dtsi"\n/ { model = "n"; };\n');
    const told = (): string[][] => {
      const share = new PrefixShare();
      const lists: string[][] = [];
      const expect = share.expect.bind(share);
      share.expect = (paths, host) => {
        lists.push([...paths]);
        expect(paths, host);
      };
      lint([p.board, other], { includeDirs: [p.first, p.second], results: diskResultStore(p.store, 'build-1'), host: new SourceHost(new Map(), { share }) });
      return lists;
    };
    expect(told()).toEqual([[p.board, other]]);
    expect(told()).toEqual([]);
  });

  it('lints again when an included file changed', () => {
    run(p, diskResultStore(p.store, 'build-1'));
    write(p.soc, '/ { #address-cells = <1>; #size-cells = <1>; uart@1000 { reg = <0x1000>; }; eth@2000 { reg = <1 2 3>; }; };\n', 30);
    const again = run(p, diskResultStore(p.store, 'build-1'));
    expect(again.counts).toEqual({ hits: 0, misses: 1, saved: 1 });
    expect(again.findings).toHaveLength(2);
  });

  it('lints again when a file appears in an include dir searched before the one the board used', () => {
    const before = run(p, diskResultStore(p.store, 'build-1'));
    write(join(p.first, 'soc.dtsi'), '/ { };\n');
    const again = run(p, diskResultStore(p.store, 'build-1'));
    expect(again.counts).toEqual({ hits: 0, misses: 1, saved: 1 });
    expect(again.findings).not.toEqual(before.findings);
  });

  it('reads the store when only the stamps moved (a fresh checkout, a touch), and keeps the new stamps', () => {
    const first = run(p, diskResultStore(p.store, 'build-1'));
    for (const f of [p.board, p.soc]) write(f, readFileSync(f, 'latin1'), 10);
    const again = run(p, diskResultStore(p.store, 'build-1'));
    expect(again).toEqual({ findings: first.findings, counts: { hits: 1, misses: 0, saved: 1 } });
    expect(run(p, diskResultStore(p.store, 'build-1')).counts).toEqual({ hits: 1, misses: 0, saved: 0 });
  });

  it('checks a file modified just before it was linted by its content, not its stamp', () => {
    write(p.soc, readFileSync(p.soc, 'latin1'), 0);
    const first = run(p, diskResultStore(p.store, 'build-1'));
    const entry = readFileSync(join(p.store, readdirSync(p.store)[0]!), 'latin1');
    expect(entry).toContain(`"${p.soc}","hash"`);
    expect(run(p, diskResultStore(p.store, 'build-1'))).toEqual({ findings: first.findings, counts: { hits: 1, misses: 0, saved: 0 } });
  });

  it('is a miss under other rule levels or another build', () => {
    run(p, diskResultStore(p.store, 'build-1'));
    expect(run(p, diskResultStore(p.store, 'build-1'), { reg_format: 'off' })).toEqual({ findings: [], counts: { hits: 0, misses: 1, saved: 1 } });
    expect(run(p, diskResultStore(p.store, 'build-2')).counts).toEqual({ hits: 0, misses: 1, saved: 1 });
  });

  it('takes a damaged entry for a miss and lints the board again', () => {
    const first = run(p, diskResultStore(p.store, 'build-1'));
    const file = join(p.store, readdirSync(p.store)[0]!);
    const bytes = readFileSync(file);
    bytes[bytes.length - 20] ^= 0x10;
    writeFileSync(file, bytes);
    expect(run(p, diskResultStore(p.store, 'build-1'))).toEqual({ findings: first.findings, counts: { hits: 0, misses: 1, saved: 1 } });
  });

  it('keeps nothing of a board read from text given in memory', () => {
    const host = new SourceHost(new Map([[p.board, '/dts-v1/;\n/ { x@1 { }; };\n']]));
    const store = diskResultStore(p.store, 'build-1');
    lint([p.board], { host, results: store });
    expect(store.counts).toEqual({ hits: 0, misses: 1, saved: 0 });
  });

  it('gives the same findings as a run without the store, board for board, over several boards', () => {
    const boards = [p.board];
    for (let i = 0; i < 3; i++) {
      const b = join(p.dir, `b${i}.dts`);
      write(b, `/dts-v1/;\n#include "soc.dtsi"\n/ { model = ${i}; n${i}@${i} { }; };\n`);
      boards.push(b);
    }
    const plain = lint(boards, { includeDirs: [p.first, p.second] }).findings;
    const store = () => diskResultStore(p.store, 'build-1');
    expect(lint(boards, { includeDirs: [p.first, p.second], results: store() }).findings).toEqual(plain);
    const s = store();
    expect(lint(boards, { includeDirs: [p.first, p.second], results: s }).findings).toEqual(plain);
    expect(s.counts).toEqual({ hits: 4, misses: 0, saved: 0 });
  });

  it('keeps nothing of a board whose file changed while it was linted', () => {
    const store = diskResultStore(p.store, 'build-1');
    const compile: typeof compileDts = (file, options) => {
      const result = compileDts(file, options);
      // An editor saves the .dtsi after the board read it, before its findings are kept.
      write(p.soc, '/ { };\n', 5);
      return result;
    };
    lintWith([p.board], { compile, registry, includeDirs: [p.first, p.second], results: store });
    expect(store.counts).toEqual({ hits: 0, misses: 1, saved: 0 });
    expect(run(p, diskResultStore(p.store, 'build-1'))).toEqual({ findings: [], counts: { hits: 0, misses: 1, saved: 1 } });
  });

  it('lints again when a file /incbin/ did not find (or found in a later dir) appears', () => {
    write(p.board, '/dts-v1/;\n#include "soc.dtsi"\n/ { blob = /incbin/("blob.bin"); cells { #address-cells = /incbin/("cells.bin"); }; };\n');
    write(join(p.second, 'cells.bin'), '\0\0\0\x01');
    const before = run(p, diskResultStore(p.store, 'build-1'));
    expect(before.findings.some((f) => f.startsWith('syntax-error') && f.includes('blob.bin'))).toBe(true);
    write(join(p.dir, 'blob.bin'), 'abcd');
    write(join(p.dir, 'cells.bin'), '\0\0\0\x01\0\0\0\x01');
    const after = run(p, diskResultStore(p.store, 'build-1'));
    expect(after.counts).toEqual({ hits: 0, misses: 1, saved: 1 });
    expect(after.findings.some((f) => f.includes('blob.bin'))).toBe(false);
    expect(after.findings.some((f) => f.startsWith('address_cells_is_cell'))).toBe(true);
  });

  it('keeps nothing of a board that expands __TIME__ or __DATE__', () => {
    write(p.board, '/dts-v1/;\n#include "soc.dtsi"\n/ { model = __TIME__; };\n');
    const store = diskResultStore(p.store, 'build-1');
    lint([p.board], { includeDirs: [p.first, p.second], results: store });
    expect(store.counts).toEqual({ hits: 0, misses: 1, saved: 0 });
  });
});
