/**
 * Real boards: preprocessed by the real cpp (so that only our parser, builder and DTB writer are
 * under test), compared byte for byte with dtc 1.6.1's DTB, with and without -@; and our printed
 * DTS compiled by dtc gives the same bytes again; dtc's DTB read back prints as `dtc -I dtb -O dts`. Needs the Linux
 * 6.12 tree at /root/.cache/dtlint/linux-source-6.12 (or $DTLINT_LINUX), `cpp` and `dtc`; skipped,
 * and named as skipped, when one is missing.
 */
import { describe, expect, it } from '@jest/globals';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { buildTree } from '../../src/dts/build.js';
import { writeDtb } from '../../src/dts/dtb.js';
import { readDtbTree } from '../../src/dts/dtb-read.js';
import { identityOrigins } from '../../src/dts/origin.js';
import { parseDts } from '../../src/dts/parser.js';
import { printDts } from '../../src/dts/print.js';
import { SourceFile, SourceHost } from '../../src/dts/source.js';

const linux = process.env.DTLINT_LINUX ?? '/root/.cache/dtlint/linux-source-6.12';
const hasTool = (tool: string): boolean => spawnSync(tool, ['--version']).status === 0;
const ready = existsSync(join(linux, 'arch/arm64/boot/dts')) && hasTool('cpp') && hasTool('dtc');

const boards = [
  'arch/arm64/boot/dts/freescale/imx8qm-mek.dts',
  'arch/arm64/boot/dts/rockchip/rk3399-rock-pi-4b.dts',
  'arch/arm64/boot/dts/qcom/sm8550-qrd.dts',
  'arch/arm64/boot/dts/allwinner/sun50i-h616-orangepi-zero2.dts',
  'arch/arm64/boot/dts/amd/amd-overdrive-rev-b1.dts',
  'arch/arm/boot/dts/ti/omap/am335x-boneblack.dts',
  'arch/powerpc/boot/dts/akebono.dts',
];

function preprocess(board: string, out: string): void {
  const arch = board.split('/')[1]!;
  execFileSync(
    'cpp',
    ['-nostdinc', `-I${dirname(board)}`, `-Iarch/${arch}/boot/dts`, '-Iscripts/dtc/include-prefixes', '-Iinclude', '-undef',
      '-D__DTS__', '-x', 'assembler-with-cpp', '-o', out, board],
    { cwd: linux, stdio: 'ignore' },
  );
}

(ready ? describe : describe.skip)(`real boards against dtc${ready ? '' : ' (skipped: no Linux tree, cpp or dtc)'}`, () => {
  it.each(boards)('%s', (board) => {
    const tmp = mkdtempSync(join(tmpdir(), 'dtlint-corpus-'));
    try {
      const pp = join(tmp, 'board.dts');
      preprocess(board, pp);
      const dtcDirs = [join(linux, dirname(board)), join(linux, 'scripts/dtc/include-prefixes')];
      const text = readFileSync(pp, 'latin1');
      for (const symbols of [false, true]) {
        const ref = join(tmp, 'ref.dtb');
        execFileSync('dtc', ['-q', ...dtcDirs.flatMap((d) => ['-i', d]), '-I', 'dts', '-O', 'dtb', ...(symbols ? ['-@'] : []), '-o', ref, pp]);
        const host = new SourceHost();
        const parsed = parseDts({ text, origins: identityOrigins(new SourceFile(pp, text)) }, { host, includeDirs: dtcDirs });
        const built = buildTree(parsed.ast, { symbols, host, includeDirs: dtcDirs });
        expect([...parsed.diagnostics, ...built.diagnostics].filter((d) => d.severity === 'error')).toEqual([]);
        expect(Buffer.compare(Buffer.from(writeDtb(built.tree)), readFileSync(ref))).toBe(0);
        // dtc's DTB read back (src/dts/dtb-read.ts) prints as dtc decompiles it, byte for byte.
        const decompiled = execFileSync('dtc', ['-q', '-I', 'dtb', '-O', 'dts', ref], { encoding: 'latin1' });
        const read = readDtbTree(ref, new Uint8Array(readFileSync(ref)));
        expect(read.diagnostics).toEqual([]);
        expect(printDts(read.tree!) === decompiled).toBe(true);
        if (symbols) continue;
        // The printed DTS means the same tree: dtc compiles it back to the same bytes.
        const printed = join(tmp, 'printed.dts');
        writeFileSync(printed, printDts(built.tree), 'latin1');
        execFileSync('dtc', ['-q', '-I', 'dts', '-O', 'dtb', '-o', ref, printed]);
        expect(Buffer.compare(Buffer.from(writeDtb(built.tree)), readFileSync(ref))).toBe(0);
      }
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});
