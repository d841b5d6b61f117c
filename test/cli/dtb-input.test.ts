/**
 * DTB input through the built binary (`npm run build` first): `lint`, `tree`, `deps` and `check`
 * take a .dtb, findings sit at node paths; a binary that is neither DTS nor DTB is one line and
 * exit 2; no control byte of an input ever reaches the terminal.
 */
import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const BIN = join(resolve('.'), 'bin', 'dtlint.js');
const DTB = resolve('fixtures/dtb');
const EX = resolve('fixtures/example');

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function dtlint(...args: string[]): Run {
  const run = spawnSync(process.execPath, [BIN, '--no-cache', ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** Any C0 control but tab and newline, DEL, or a C1 control. */
// eslint-disable-next-line no-control-regex -- control characters are what it looks for
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/;

interface JsonFinding {
  ruleId: string;
  file: string;
  line: number;
  column: number;
  nodePath?: string;
}

describe('dtlint on a .dtb', () => {
  it('lint: findings at node paths (JSON nodePath, line 1, column = byte offset + 1)', () => {
    const run = dtlint('lint', join(DTB, 'board.dtb'), '-f', 'json');
    expect(run.status).toBe(1);
    const findings = JSON.parse(run.stdout) as JsonFinding[];
    // dtc -I dtb warns too: "/dev@2000:clocks: Could not get phandle node for (cell 0)".
    expect(findings.map((f) => [f.ruleId, f.nodePath, f.line])).toEqual([
      ['clocks_property', '/dev@2000:clocks', 1],
      ['raw-phandle', '/dev@2000:clocks', 1],
    ]);
    // The column is the phandle cell's byte + 1: it holds 0x99.
    const blob = readFileSync(join(DTB, 'board.dtb'));
    expect(blob.readUInt32BE(findings[1]!.column - 1)).toBe(0x99);
  });

  it("dtc's node_name_chars and property_name_chars on a blob: reported once each by those rules, escaped", () => {
    const blob = readFileSync(join(DTB, 'board.dtb'));
    blob[blob.indexOf('uart@1000') + 1] = 0x1b;
    blob[blob.lastIndexOf('clocks\0') + 2] = 0x40;
    const file = join(mkdtempSync(join(tmpdir(), 'dtlint-bin-')), 'names.dtb');
    writeFileSync(file, blob);
    const run = dtlint('lint', file, '-f', 'json');
    const findings = JSON.parse(run.stdout) as (JsonFinding & { message: string })[];
    expect(findings.map((f) => [f.ruleId, f.message])).toEqual([
      ['node_name_chars', "/u\\x1brt@1000: Bad character '\\x1b' in node name"],
      ['property_name_chars', "/u\\x1brt@1000:cl@cks: Bad character '@' in property name"],
      ['property_name_chars', "/dev@2000:cl@cks: Bad character '@' in property name"],
    ]);
    expect(run.stdout).not.toMatch(CONTROL);
  });

  it('lint, stylish: the node path and byte offset instead of line:col, no code frame, no raw bytes', () => {
    const run = dtlint('lint', join(DTB, 'board.dtb'));
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/^ {2}\/dev@2000:clocks @0x[0-9a-f]+ {2}error +clocks\[0\]: phandle 0x99 names no node/m);
    expect(run.stdout).not.toMatch(/\| /);
    expect(run.stdout).not.toMatch(CONTROL);
  });

  it('tree prints what dtc -I dtb -O dts prints; -f dtb gives dtc\'s bytes back', () => {
    const run = dtlint('tree', join(DTB, 'qemu-virt-libfdt.dtb'));
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(readFileSync(join(DTB, 'qemu-virt-libfdt.dtc.dts'), 'latin1'));
    const dir = mkdtempSync(join(tmpdir(), 'dtlint-dtb-'));
    expect(dtlint('tree', join(DTB, 'board.dtb'), '-f', 'dtb', '-o', join(dir, 'out.dtb')).status).toBe(0);
    expect(readFileSync(join(dir, 'out.dtb')).equals(readFileSync(join(DTB, 'board.dtb')))).toBe(true);
  });

  it('deps: labels come back from /__symbols__, phandles from phandle properties', () => {
    const run = dtlint('deps', join(DTB, 'board.dtb'), 'clk', '--reverse');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('/uart@1000');
  });

  it('a malformed DTB: one syntax-error at the byte offset, exit 1', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dtlint-dtb-'));
    const cut = join(dir, 'cut.dtb');
    writeFileSync(cut, readFileSync(join(DTB, 'board.dtb')).subarray(0, 120));
    const run = dtlint('lint', cut, '-f', 'json');
    expect(run.status).toBe(1);
    expect(JSON.parse(run.stdout)).toEqual([
      expect.objectContaining({ ruleId: 'syntax-error', line: 1, column: 121, nodePath: '', message: expect.stringMatching(/truncated/) }),
    ]);
    const tree = dtlint('tree', cut);
    expect(tree.status).toBe(1);
    expect(tree.stderr).toMatch(/cut\.dtb @0x78: error: DTB: header says \d+ bytes, the file has 120 \(truncated\) \[syntax-error\]/);
  });

  it('check: a host and a guest DTB (a firmware tree and a QEMU dumpdtb) give the pair findings at node paths', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dtlint-dtb-'));
    for (const side of ['host', 'guest']) expect(dtlint('tree', '-@', join(EX, `${side}.dts`), '-f', 'dtb', '-o', join(dir, `${side}.dtb`)).status).toBe(0);
    const pair = ['--qemu', join(EX, 'qemu-args.txt'), '--kconfig', join(EX, 'host.config'), '--cmdline', join(EX, 'host.cmdline'), '-f', 'json'];
    const run = dtlint('check', '--host', join(dir, 'host.dtb'), '--guest', join(dir, 'guest.dtb'), ...pair);
    expect(run.status).toBe(1);
    const findings = JSON.parse(run.stdout) as JsonFinding[];
    const guest = findings.filter((f) => f.file.endsWith('guest.dtb')).map((f) => `${f.ruleId} ${f.nodePath}`);
    expect(guest).toEqual(
      expect.arrayContaining([
        'interrupt-mismatch /platform-bus@c000000/ethernet@10000:interrupts',
        'mmio-mismatch /platform-bus@c000000/mailbox@30000:reg',
      ]),
    );
    // The same pair from source: every finding but those only source text or its edits can show
    // (a comment that swallows code, a /delete-property/).
    const fromSource = JSON.parse(dtlint('check', '--host', join(EX, 'host.dts'), '--guest', join(EX, 'guest.dts'), ...pair).stdout) as JsonFinding[];
    const ids = (list: JsonFinding[]): string[] => list.map((f) => f.ruleId).sort();
    expect(ids(findings)).toEqual(ids(fromSource).filter((id) => id !== 'comment-swallows-code' && id !== 'smmu-bypass-disabled'));
  });
});

describe('a binary that is neither DTS nor DTB', () => {
  it('is one line saying so, exit 2, nothing on stdout', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dtlint-bin-'));
    const elf = join(dir, 'prog');
    writeFileSync(elf, Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0x1b, 0x5b, 0x32, 0x4a, 0x9b, 0, 0]));
    for (const command of [[], ['lint'], ['tree'], ['deps']]) {
      const run = dtlint(...command, elf, ...(command[0] === 'deps' ? ['/'] : []));
      expect(run.status).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr.trim().split('\n')).toEqual([expect.stringMatching(/prog: binary file, neither devicetree source nor a DTB/)]);
    }
  });

  it('escape codes in a DTS are shown as \\xNN, never sent to the terminal', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dtlint-bin-'));
    const file = join(dir, 'esc.dts');
    writeFileSync(file, '/dts-v1/;\n/ { a = "\x1b[31m"; \x1b[2J };\n');
    const run = dtlint(file);
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('\\x1b[2J');
    expect(run.stdout).not.toMatch(CONTROL);
  });
});
