/**
 * Every command searches the same include paths: the -I dirs, then the config's `include`, for cpp,
 * dtc's /include/ and /incbin/ alike (`dtlint tree` and `deps` read the config too).
 */
import { afterAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const BIN = resolve('bin/dtlint.js');

describe('include paths of every command', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dtlint-incpaths-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(join(dir, 'board'));
  mkdirSync(join(dir, 'inc'));
  writeFileSync(join(dir, 'board', 'b.dts'), '#include "x.h"\n/dts-v1/;\n/ { v = <X>; blob = /incbin/("blob.bin"); };\n');
  writeFileSync(join(dir, 'inc', 'x.h'), '#define X 7\n');
  writeFileSync(join(dir, 'inc', 'blob.bin'), 'AB');
  const run = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args, '--no-cache'], { cwd: dir, encoding: 'utf8' });

  it('tree and deps read the config\'s include dirs', () => {
    writeFileSync(join(dir, 'dtlint.config.json'), '{ "include": ["inc"] }\n');
    const tree = run('tree', 'board/b.dts');
    expect([tree.status, tree.stderr]).toEqual([0, '']);
    expect(tree.stdout).toContain('v = <0x07>;');
    expect(tree.stdout).toContain('blob = [41 42];');
    expect(run('deps', 'board/b.dts', '/').status).toBe(0);
    expect(run('board/b.dts').status).toBe(0);
    rmSync(join(dir, 'dtlint.config.json'));
  });

  it('and -I the same, the blob of /incbin/ included', () => {
    const tree = run('tree', 'board/b.dts', '-I', 'inc');
    expect([tree.status, tree.stderr]).toEqual([0, '']);
    expect(tree.stdout).toContain('blob = [41 42];');
    expect(run('tree', 'board/b.dts').status).toBe(1);
  });
});
