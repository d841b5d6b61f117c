import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultDtsDefines, kernelIncludeDirs } from '../../src/dts/include-dirs.js';

let root: string;

function touch(path: string): void {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, '/dts-v1/;\n');
}

beforeAll(() => {
  root = realpathSync(mkdtempSync(join(tmpdir(), 'dtlint-incdirs-')));
  const k = join(root, 'linux');
  touch(join(k, 'arch/arm64/boot/dts/freescale/board.dts'));
  touch(join(k, 'arch/arm64/boot/dts/top.dts'));
  mkdirSync(join(k, 'include/dt-bindings'), { recursive: true });
  mkdirSync(join(k, 'scripts/dtc/include-prefixes'), { recursive: true });
  symlinkSync('../../../arch/arm64/boot/dts', join(k, 'scripts/dtc/include-prefixes/arm64'));
  // Looks like a kernel path but lacks include/ and scripts/.
  touch(join(root, 'notkernel/arch/arm/boot/dts/x.dts'));
  touch(join(root, 'plain/x.dts'));
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('kernelIncludeDirs', () => {
  it('gives a board in a vendor dir the kernel dirs, its own dir first', () => {
    const k = join(root, 'linux');
    expect(kernelIncludeDirs(join(k, 'arch/arm64/boot/dts/freescale/board.dts'))).toEqual({
      cpp: [
        join(k, 'arch/arm64/boot/dts/freescale'),
        join(k, 'arch/arm64/boot/dts'),
        join(k, 'scripts/dtc/include-prefixes'),
        join(k, 'include'),
      ],
      dtc: [join(k, 'arch/arm64/boot/dts/freescale'), join(k, 'scripts/dtc/include-prefixes')],
    });
  });

  it('does not repeat the dts dir for a board directly in it', () => {
    const k = join(root, 'linux');
    expect(kernelIncludeDirs(join(k, 'arch/arm64/boot/dts/top.dts'))?.cpp).toEqual([
      join(k, 'arch/arm64/boot/dts'),
      join(k, 'scripts/dtc/include-prefixes'),
      join(k, 'include'),
    ]);
  });

  it('resolves relative paths', () => {
    const k = join(root, 'linux');
    const cwd = process.cwd();
    try {
      process.chdir(k);
      expect(kernelIncludeDirs('arch/arm64/boot/dts/top.dts')?.dtc).toEqual([
        join(k, 'arch/arm64/boot/dts'),
        join(k, 'scripts/dtc/include-prefixes'),
      ]);
    } finally {
      process.chdir(cwd);
    }
  });

  it('follows a path through include-prefixes to the tree', () => {
    const k = join(root, 'linux');
    const dirs = kernelIncludeDirs(join(k, 'scripts/dtc/include-prefixes/arm64/freescale/board.dts'));
    expect(dirs?.cpp[0]).toBe(join(k, 'arch/arm64/boot/dts/freescale'));
  });

  it('is undefined outside a kernel tree', () => {
    expect(kernelIncludeDirs(join(root, 'plain/x.dts'))).toBeUndefined();
    expect(kernelIncludeDirs(join(root, 'notkernel/arch/arm/boot/dts/x.dts'))).toBeUndefined();
    expect(kernelIncludeDirs(join(root, 'linux/arch/arm64/boot/x.dts'))).toBeUndefined();
  });
});

describe('defaultDtsDefines', () => {
  it('has the kernel define and cpp built-ins of assembler-with-cpp', () => {
    expect(defaultDtsDefines()).toMatchObject({ __DTS__: '1', __ASSEMBLER__: '1' });
  });
});

describe('/incbin/ search path', () => {
  it('finds a blob in an -I dir (dtc -i), not only beside the file, through the run host', async () => {
    const { compileDts } = await import('../../src/dts/compile.js');
    const { SourceHost } = await import('../../src/dts/source.js');
    const files = new Map([
      ['/v/board/b.dts', '/dts-v1/;\n/ { blob = /incbin/("blob.bin"); };\n'],
      ['/v/blobs/blob.bin', 'AB'],
    ]);
    const found = compileDts('/v/board/b.dts', { host: new SourceHost(files), includeDirs: ['/v/blobs'], autoIncludeDirs: false });
    expect(found.diagnostics).toEqual([]);
    const blob = found.tree!.root.properties.find((p) => p.name === 'blob')!;
    expect(blob.value).toEqual([expect.objectContaining({ kind: 'bytes', bytes: new Uint8Array([0x41, 0x42]) })]);
    const missing = compileDts('/v/board/b.dts', { host: new SourceHost(files), autoIncludeDirs: false });
    expect(missing.diagnostics.map((d) => `${d.at.line}:${d.at.column} ${d.message}`)).toEqual(['2:12 Couldn\'t open "blob.bin": No such file or directory']);
  });
});
