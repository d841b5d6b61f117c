/**
 * `dtlint check`, `dtlint` with a config that declares pairs, and `dtlint rules --symptom`, through the
 * command functions (the yargs layer is covered by the built binary in the integration tests).
 */
import { runContext } from '../../src/cli/run-context.js';
import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { passList, runCheck, type CheckArgs } from '../../src/cli/commands/check.js';
import { runLint } from '../../src/cli/commands/lint.js';
import { UsageError } from '../../src/cli/io.js';
import { listRules } from '../../src/run/index.js';

const NO_CACHE = runContext({ cache: false });
const EX = resolve('fixtures/example');

describe('dtlint check', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dtlint-check-'));
  const out = join(dir, 'out.json');
  const base: CheckArgs = {
    host: join(EX, 'host.dts'),
    guest: join(EX, 'guest.dts'),
    qemu: join(EX, 'qemu-args.txt'),
    kconfig: join(EX, 'host.config'),
    cmdline: join(EX, 'host.cmdline'),
    pass: [],
    format: 'json',
    output: out,
    rule: [],
    quiet: false,
    include: [],
  };
  const fixed = join(EX, 'fixed');
  const fixedPair = { host: join(fixed, 'host.dts'), guest: join(fixed, 'guest.dts'), qemu: join(fixed, 'qemu-args.txt'), kconfig: join(fixed, 'host.config'), cmdline: join(fixed, 'host.cmdline') };
  const ids = (): string[] => (JSON.parse(readFileSync(out, 'utf8')) as { ruleId: string }[]).map((f) => f.ruleId);

  it('exit 1 on the broken example, with every pair rule in the JSON', () => {
    expect(runCheck(base, NO_CACHE)).toBe(1);
    expect(ids()).toEqual(
      expect.arrayContaining([
        'comment-swallows-code',
        'passthrough-unknown-device',
        'passthrough-no-iommu',
        'iommu-group-incomplete',
        'uboot-strip',
        'pinctrl-pad-not-assigned',
        'interrupt-mismatch',
        'mmio-mismatch',
        'smmu-sid-unprogrammed',
        'mu-clash',
        'host-consumer-of-passed',
        'kernel-config',
      ]),
    );
  });

  it('exit 0 on the fixed example', () => {
    expect(runCheck({ ...base, ...fixedPair }, NO_CACHE)).toBe(0);
    expect(ids()).toEqual([]);
  });

  it('--cmdline FILE reaches the command-line rules: a certain line without the parameters is an error, no line a warning', () => {
    const cmdline = join(dir, 'cmdline');
    writeFileSync(cmdline, 'console=ttyAMA0,115200 root=/dev/mmcblk0p2 rootwait\n');
    // The fixed example's host.config builds vfio-platform and vfio_iommu_type1 in (VFIO=y, VFIO_PLATFORM=y).
    expect(runCheck({ ...base, ...fixedPair, cmdline }, NO_CACHE)).toBe(1);
    const levels = (): string[] => (JSON.parse(readFileSync(out, 'utf8')) as { ruleId: string; level: string }[]).map((f) => `${f.ruleId} ${f.level}`);
    expect(levels()).toEqual(['vfio-reset-required error', 'vfio-unsafe-interrupts error', 'vfio-reset-required error', 'vfio-unsafe-interrupts error', 'vfio-reset-required error', 'vfio-unsafe-interrupts error']);
    const { cmdline: _none, ...withoutCmdline } = { ...base, ...fixedPair };
    expect(runCheck(withoutCmdline, NO_CACHE)).toBe(0);
    expect(new Set(levels())).toEqual(new Set(['vfio-reset-required warning', 'vfio-unsafe-interrupts warning']));
  });

  it('--rule turns a pair rule off; --pass takes comma-separated lists', () => {
    expect(passList(['eth0,mu2', ' eth0_lpcg '])).toEqual(['eth0', 'mu2', 'eth0_lpcg']);
    runCheck({ ...base, rule: ['smmu-sid-unprogrammed=off'] }, NO_CACHE);
    expect(ids()).not.toContain('smmu-sid-unprogrammed');
  });

  it('a name that matches nothing, or an unreadable file, fails the run with one line', () => {
    expect(() => runCheck({ ...base, pass: ['nosuch'] }, NO_CACHE)).toThrow(new UsageError('--pass nosuch: no node nosuch: not a label, path, alias or sysfs name in this tree'));
    expect(() => runCheck({ ...base, domain: '/nope' }, NO_CACHE)).toThrow(new UsageError('--domain /nope: no node at path /nope'));
    expect(() => runCheck({ ...base, qemu: join(dir, 'missing.txt') }, NO_CACHE)).toThrow(UsageError);
  });

  it('dtlint with no files and a config with pairs checks every pair', () => {
    const config = join(dir, 'dtlint.config.json');
    writeFileSync(
      config,
      JSON.stringify({
        pairs: [
          { name: 'broken', host: join(EX, 'host.dts'), guest: join(EX, 'guest.dts'), qemu: join(EX, 'qemu-args.txt') },
          { name: 'fixed', host: join(EX, 'fixed/host.dts'), guest: join(EX, 'fixed/guest.dts'), qemu: join(EX, 'fixed/qemu-args.txt') },
        ],
      }),
    );
    expect(runLint({ ...base, files: [], config }, NO_CACHE)).toBe(1);
    expect(ids()).toContain('mmio-mismatch');
    // `dtlint check` without --host and --guest reads the same pairs.
    const { host: _h, guest: _g, qemu: _q, kconfig: _k, cmdline: _c, ...bare } = base;
    writeFileSync(out, '');
    expect(runCheck({ ...bare, config }, NO_CACHE)).toBe(1);
    expect(ids()).toContain('mmio-mismatch');
    expect(() => runCheck({ ...bare, config, kconfig: join(EX, 'host.config') }, NO_CACHE)).toThrow(new UsageError('--kconfig needs --host and --guest (the pairs of dtlint.config.json name their own)'));
    expect(() => runCheck({ ...bare, host: join(EX, 'host.dts'), config }, NO_CACHE)).toThrow(new UsageError('Missing required argument: guest'));
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('dtlint rules --symptom', () => {
  it('lists the rules that explain "no interrupts"', () => {
    const text = listRules({ symptom: 'no interrupts' });
    const ids = text.split('\n').filter((l) => /^\S/.test(l) && !l.startsWith('By symptom')).map((l) => l.split(/\s+/)[0]);
    expect(ids).toEqual(expect.arrayContaining(['interrupt-mismatch', 'interrupt-parent']));
    // A blocked DMA is no missing interrupt: smmu-sid-unprogrammed explains DMA faults and no packets.
    expect(ids).not.toContain('smmu-sid-unprogrammed');
    expect(ids).not.toContain('uboot-strip');
  });

  it('"no packets" leads to the stream ID rule; an unknown symptom lists the known ones', () => {
    expect(listRules({ symptom: 'NO PACKETS' })).toContain('smmu-sid-unprogrammed');
    expect(listRules({ symptom: 'the toaster is cold' })).toMatch(/^No rule explains "the toaster is cold"\. Known symptoms: .*no interrupts in the guest/);
  });
});
