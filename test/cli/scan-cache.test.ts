/**
 * The CLI keeps lexed files in $XDG_CACHE_HOME/dtlint/scans and boards' first includes in
 * $XDG_CACHE_HOME/dtlint/prefixes between runs; `--no-cache` leaves both alone. Either way a run's
 * output is the same.
 */
import { afterAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { scanCacheDir } from '../../src/cli/run-context.js';

const BIN = resolve('bin/dtlint.js');
const EX = resolve('fixtures/example');
const PAIR = ['check', '--host', join(EX, 'host.dts'), '--guest', join(EX, 'guest.dts'), '--qemu', join(EX, 'qemu-args.txt'), '--kconfig', join(EX, 'host.config')];

describe('dtlint scan cache', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dtlint-xdg-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const run = (xdg: string, ...extra: string[]) => spawnSync(process.execPath, [BIN, ...PAIR, ...extra], { encoding: 'utf8', env: { ...process.env, XDG_CACHE_HOME: xdg } });

  it('keeps an entry per file read in $XDG_CACHE_HOME/dtlint/scans, and reads the same out of it', () => {
    const xdg = join(dir, 'on');
    const first = run(xdg);
    expect(first.status).toBe(1);
    const entries = readdirSync(join(xdg, 'dtlint', 'scans'));
    expect(entries).toEqual(expect.arrayContaining([expect.stringMatching(/-host\.dts\.scan$/), expect.stringMatching(/-guest\.dts\.scan$/)]));
    const second = run(xdg);
    expect([second.status, second.stdout, second.stderr]).toEqual([first.status, first.stdout, first.stderr]);
  });

  it("keeps a board's first #include in $XDG_CACHE_HOME/dtlint/prefixes when it is big enough to pay", () => {
    // The example's SoC is small (under 16 KB of text): preprocessing it again is as cheap. (The
    // host's and guest's findings are kept: result-cache.test.ts.)
    expect(readdirSync(join(dir, 'on', 'dtlint')).sort()).toEqual(['results', 'scans']);
    const src = join(dir, 'board');
    mkdirSync(src);
    const nodes = Array.from({ length: 600 }, (_, i) => `\tn${i} { p = <${i}>; s = "text"; };\n`).join('');
    writeFileSync(join(src, 'soc.dtsi'), `/dts-v1/;\n/ {\n${nodes}};\n`);
    writeFileSync(join(src, 'board.dts'), '#include "soc.dtsi"\n/ { model = "m"; n0 { q; }; };\n');
    const then = new Date(Date.now() - 60_000);
    for (const f of ['soc.dtsi', 'board.dts']) utimesSync(join(src, f), then, then);
    const xdg = join(dir, 'prefix');
    const lint = () => spawnSync(process.execPath, [BIN, 'tree', join(src, 'board.dts'), '--format', 'json'], { encoding: 'utf8', env: { ...process.env, XDG_CACHE_HOME: xdg } });
    const first = lint();
    expect(first.status).toBe(0);
    expect(readdirSync(join(xdg, 'dtlint', 'prefixes'))).toEqual([expect.stringMatching(/-board\.dts\.prefix$/)]);
    expect(lint()).toMatchObject({ status: 0, stdout: first.stdout, stderr: first.stderr });
  });

  it('keeps no prefix for a run over many boards (an entry of each would be ~1 MB)', () => {
    const src = join(dir, 'many');
    mkdirSync(src);
    const nodes = Array.from({ length: 600 }, (_, i) => `\tn${i} { p = <${i}>; s = "text"; };\n`).join('');
    writeFileSync(join(src, 'soc.dtsi'), `/dts-v1/;\n/ {\n${nodes}};\n`);
    const boards = Array.from({ length: 17 }, (_, i) => join(src, `b${i}.dts`));
    for (const b of boards) writeFileSync(b, '#include "soc.dtsi"\n/ { model = "m"; };\n');
    const then = new Date(Date.now() - 60_000);
    for (const f of [join(src, 'soc.dtsi'), ...boards]) utimesSync(f, then, then);
    const lint = (files: string[], xdg: string) => spawnSync(process.execPath, [BIN, ...files], { encoding: 'utf8', env: { ...process.env, XDG_CACHE_HOME: xdg } });
    expect(lint(boards, join(dir, 'many-xdg')).status).toBe(0);
    expect(existsSync(join(dir, 'many-xdg', 'dtlint', 'prefixes'))).toBe(false);
    expect(lint(boards.slice(0, 16), join(dir, 'few-xdg')).status).toBe(0);
    expect(readdirSync(join(dir, 'few-xdg', 'dtlint', 'prefixes'))).toHaveLength(16);
  });

  it('--no-cache neither reads nor writes the store, and reports the same', () => {
    const xdg = join(dir, 'off');
    const off = run(xdg, '--no-cache');
    expect(existsSync(join(xdg, 'dtlint'))).toBe(false);
    expect([off.status, off.stdout]).toEqual([run(join(dir, 'on')).status, run(join(dir, 'on')).stdout]);
  });

  it('is under XDG_CACHE_HOME, else ~/.cache, else nowhere', () => {
    expect(scanCacheDir({ XDG_CACHE_HOME: '/x', HOME: '/h' })).toBe('/x/dtlint/scans');
    expect(scanCacheDir({ HOME: '/h' })).toBe('/h/.cache/dtlint/scans');
    expect(scanCacheDir({})).toBeUndefined();
  });
});

describe('dtlint output to a file or pipe', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dtlint-out-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('goes straight to the descriptor, whole, and stops quietly when the reader leaves', () => {
    const whole = spawnSync(process.execPath, [BIN, 'rules', '--format', 'json'], { encoding: 'utf8' });
    expect(JSON.parse(whole.stdout)).toEqual(expect.arrayContaining([expect.objectContaining({ id: 'mu-clash' })]));
    // A tree far bigger than a pipe's buffer, read 10 bytes of: the writes after that fail (EPIPE).
    const big = join(dir, 'big.dts');
    writeFileSync(big, `/dts-v1/;\n/ {\n${Array.from({ length: 4000 }, (_, i) => `\tn${i} { p = <${i}>; s = "some text"; };\n`).join('')}};\n`);
    const cut = spawnSync('bash', ['-c', `"${process.execPath}" "${BIN}" tree "${big}" --format json | head -c 10 >/dev/null; echo \${PIPESTATUS[0]}`], { encoding: 'utf8' });
    expect([cut.stdout.trim(), cut.stderr]).toEqual(['0', '']);
  });

  it('detects a damaged entry (bytes flipped, cut short) by its checksum and reads the files afresh', () => {
    const src = join(dir, 'damaged');
    mkdirSync(src);
    const nodes = Array.from({ length: 600 }, (_, i) => `\tn${i} { p = <${i}>; s = "text"; };\n`).join('');
    writeFileSync(join(src, 'soc.dtsi'), `/dts-v1/;\n/ {\n${nodes}};\n`);
    writeFileSync(join(src, 'board.dts'), '#include "soc.dtsi"\n/ { model = "m"; n0 { clocks = <&n1>; }; };\n');
    const then = new Date(Date.now() - 60_000);
    for (const f of ['soc.dtsi', 'board.dts']) utimesSync(join(src, f), then, then);
    const xdg = join(dir, 'damaged-cache');
    const lint = () =>
      spawnSync(process.execPath, [BIN, join(src, 'board.dts'), '--format', 'json'], { encoding: 'utf8', timeout: 60_000, env: { ...process.env, XDG_CACHE_HOME: xdg } });
    const fresh = lint();
    const entries = ['scans', 'prefixes'].flatMap((d) => readdirSync(join(xdg, 'dtlint', d)).map((f) => join(xdg, 'dtlint', d, f)));
    expect(entries.length).toBeGreaterThanOrEqual(3);
    // Deterministic damage: a few bytes flipped at spread-out offsets, then a cut.
    for (let round = 0; round < 4; round++) {
      for (const path of entries) {
        const bytes = readFileSync(path);
        if (round < 3) {
          for (let k = 1; k <= 3; k++) {
            const at = Math.floor((bytes.length * (k + round * 3)) / 11);
            bytes[at] = bytes[at]! ^ (0x5a + round);
          }
          writeFileSync(path, bytes);
        } else writeFileSync(path, bytes.subarray(0, Math.floor(bytes.length / 2)));
      }
      const damaged = lint();
      expect([damaged.status, damaged.stdout, damaged.stderr]).toEqual([fresh.status, fresh.stdout, fresh.stderr]);
    }
  });
});
