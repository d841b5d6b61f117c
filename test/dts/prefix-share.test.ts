import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileDts, type CompileResult } from '../../src/dts/compile.js';
import { preprocess } from '../../src/dts/preprocess/index.js';
import { PrefixShare } from '../../src/dts/store/prefix-share.js';
import { printDts } from '../../src/dts/print.js';
import { SourceHost, type SourceFile } from '../../src/dts/source.js';
import { includePathsFor } from '../../src/dts/include-dirs.js';
import { prefixSession } from '../../src/dts/store/prefix-session.js';
import { expectSameOutput, seen } from '../helpers/compile-view.js';
import { DEFS, FILLER, SOC } from '../helpers/prefix-sources.js';

/** A board: its own head (licence, comments), the SoC's #include lines, then its own lines. */
const BOARD = (head: string, own: string): string => `${head}#include <dt-bindings/none.h>\n#include "soc.dtsi"\n#include "extra.dtsi"\n\n&uart0 {\n\tstatus = ON;\n${own}};\n`;

describe('prefix share', () => {
  let dir: string;
  let share: PrefixShare;
  let hits: number;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'dtlint-share-'));
    mkdirSync(join(dir, 'src'));
    mkdirSync(join(dir, 'other'));
    mkdirSync(join(dir, 'inc', 'dt-bindings'), { recursive: true });
    writeFileSync(join(dir, 'inc', 'dt-bindings', 'none.h'), '#define NONE 0\n');
    for (const d of ['src', 'other']) {
      writeFileSync(join(dir, d, 'soc.dtsi'), `/dts-v1/;\n${SOC}${FILLER}`);
      writeFileSync(join(dir, d, 'defs.h'), DEFS);
      writeFileSync(join(dir, d, 'extra.dtsi'), `&soc { extra { x = <MUX(PAD_A, 1)>; }; };\n`);
    }
    hits = 0;
    share = new PrefixShare();
    const find = share.find.bind(share);
    share.find = (key) => {
      const found = find(key);
      if (found) hits++;
      return found;
    };
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  const write = (name: string, text: string): string => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  /** Compiles `files` in order on one host with the share, as a run of many boards does. */
  const shared = (files: string[], expect = true): CompileResult[] => {
    const host = new SourceHost(new Map(), { share });
    if (expect) share.expect(files, host);
    return files.map((f) => compileDts(f, { host, includeDirs: [join(dir, 'inc')] }));
  };

  /** Each file on a host of its own, without a share. */
  const alone = (file: string): CompileResult => compileDts(file, { host: new SourceHost(), includeDirs: [join(dir, 'inc')] });

  const HEADS = [
    '// SPDX-License-Identifier: GPL-2.0\n/*\n * Board A\n * Copyright 2020\n */\n\n/dts-v1/;\n\n',
    '/dts-v1/;\n',
    '// SPDX-License-Identifier: (GPL-2.0+ OR MIT)\n// Board C, a much longer comment line that moves every offset after it\n\n\n/dts-v1/;\n\n\n',
  ];

  it('makes the #include lines once for boards with other heads, with what each board makes alone', () => {
    const files = HEADS.map((head, i) =>
      write(`src/board${i}.dts`, BOARD(head, `\tpins = <MUX(PAD_A, ${i}) CLK_UART>;\n\tboard = <${i}>;\n\tlabel = ON, "b${i}";\n`)),
    );
    const results = shared(files);
    expect(hits).toBe(2);
    results.forEach((r, i) => {
      expect(r.diagnostics).toEqual([]);
      expect(seen(r)).toBe(seen(alone(files[i]!)));
    });
    // The board's own lines are where the board has them.
    const board2 = results[2]!.tree!.root.children.find((n) => n.name === 'soc@0')!.children.find((n) => n.name === 'serial@1000')!;
    expect(board2.properties.find((p) => p.name === 'board')!.at.line).toBe(15);
    expect(board2.properties.find((p) => p.name === 'board')!.at.file).toBe(files[2]);
  });

  it('locates every offset of a board that went on from another as the board alone, macro output included', () => {
    const files = [write('src/a.dts', BOARD(HEADS[0]!, '\tx = <MUX(PAD_A, 3)>;\n')), write('src/b.dts', BOARD(HEADS[2]!, '\ty = <MUX(PAD_A, 4)>;\n'))];
    const host = new SourceHost(new Map(), { share });
    share.expect(files, host);
    const includeDirs = [join(dir, 'inc')];
    compileDts(files[0]!, { host, includeDirs });
    // The second board as compile.ts drives the preprocessor, with the session's hook.
    const paths = includePathsFor(files[1]!, includeDirs, true);
    const main = host.read(files[1]!) as SourceFile;
    const session = prefixSession(main, files[1]!, { cppDirs: paths.cpp, dtcDirs: paths.dtc, defines: {} }, host)!;
    const went = preprocess(files[1]!, { host, includeDirs: paths.cpp, prefix: session.preprocessing() });
    expect(went.restored).toBe(true);
    expect(hits).toBe(1);
    const fresh = preprocess(files[1]!, { host: new SourceHost(), includeDirs: paths.cpp });
    expect(went.files).toEqual(fresh.files);
    expectSameOutput(went, fresh);
  });

  it('gives a diagnostic in the board at its own line after going on from another board', () => {
    const files = [write('src/a.dts', BOARD(HEADS[0]!, '')), write('src/b.dts', BOARD(HEADS[2]!, '\tbad = <&nowhere>;\n'))];
    const results = shared(files);
    expect(hits).toBe(1);
    expect(results[1]!.diagnostics).toEqual(alone(files[1]!).diagnostics);
    expect(results[1]!.diagnostics[0]).toMatchObject({ at: { file: files[1], line: 14 } });
  });

  it('does not share when the text above the #include lines leaves more than /dts-v1/; or another directory', () => {
    const node = '/dts-v1/;\n/ { early; };\n';
    const files = [
      write('src/a.dts', BOARD(HEADS[0]!, '')),
      write('src/b.dts', BOARD(node, '\tb = <1>;\n')),
      write('other/c.dts', BOARD(HEADS[1]!, '\tc = <1>;\n')),
      write('src/d.dts', BOARD(node, '\td = <1>;\n')),
    ];
    const results = shared(files);
    expect(hits).toBe(0);
    results.forEach((r, i) => expect(seen(r)).toBe(seen(alone(files[i]!))));
  });

  it('without being told which boards come, takes the state the second time the lines are seen', () => {
    const files = HEADS.map((head, i) => write(`src/board${i}.dts`, BOARD(head, `\tn = <${i}>;\n`)));
    const results = shared([...files, ...files], false);
    expect(hits).toBe(4);
    results.forEach((r, i) => expect(seen(r)).toBe(seen(alone(files[i % 3]!))));
  });

  it('shares no state whose text names the main file (__BASE_FILE__)', () => {
    for (const d of ['src']) writeFileSync(join(dir, d, 'extra.dtsi'), `&soc { extra { base = __BASE_FILE__; }; };\n`);
    writeFileSync(join(dir, 'src', 'soc.dtsi'), `/dts-v1/;\n${SOC}${FILLER}/ { base = __BASE_FILE__; };\n`);
    const files = HEADS.map((head, i) => write(`src/board${i}.dts`, BOARD(head, `\tn = <${i}>;\n`)));
    const results = shared(files);
    expect(hits).toBe(0);
    results.forEach((r, i) => expect(seen(r)).toBe(seen(alone(files[i]!))));
    expect(printDts(results[2]!.tree!)).toContain(`base = "${files[2]}";`);
  });

  it('keeps nothing over its budget, and a run is the same without', () => {
    share = new PrefixShare(1024);
    const files = HEADS.map((head, i) => write(`src/board${i}.dts`, BOARD(head, `\tn = <${i}>;\n`)));
    const results = shared(files);
    results.forEach((r, i) => expect(seen(r)).toBe(seen(alone(files[i]!))));
  });
});
