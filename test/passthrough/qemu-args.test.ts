import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  parseQemuArgs,
  parseQemuOpts,
  platformBusDevices,
  splitShellWords,
  vfioPlatformDevices,
} from '../../src/passthrough/qemu-args.js';

const fixtures = fileURLToPath(new URL('../../fixtures/passthrough/', import.meta.url));
const read = (name: string): string => readFileSync(fixtures + name, 'latin1');

describe('parseQemuArgs on the seed', () => {
  it('reads the one-line args file', () => {
    const args = parseQemuArgs(read('qemu-args.txt'), 'qemu-args.txt');
    expect(args.problems).toEqual([]);
    expect(args.program).toBeUndefined();
    expect(args.machine).toMatchObject({ type: 'virt', props: { 'gic-version': 'host' } });
    expect(args.machine?.at).toEqual([{ file: 'qemu-args.txt', line: 1, column: 4, endLine: 1, endColumn: 25 }]);
    expect(args.gicVersion).toBe('host');
    expect(args.dtb).toEqual({ file: 'imx8qm-mek_conn-guest.dtb', at: { file: 'qemu-args.txt', line: 1, column: 157, endLine: 1, endColumn: 182 } });
    expect(args.devices.map((d) => [d.driver, d.host, d.index, d.order])).toEqual([
      ['vfio-platform', '5b230000.clock-controller', 0, 0],
      ['vfio-platform', '5b040000.ethernet', 1, 1],
      ['vfio-platform', '5d1d0000.mailbox', 2, 2],
    ]);
    const [clk, eth, mbox] = args.devices;
    expect(clk!.optionAt).toEqual({ file: 'qemu-args.txt', line: 1, column: 275, endLine: 1, endColumn: 282 });
    expect(clk!.at).toEqual({ file: 'qemu-args.txt', line: 1, column: 283, endLine: 1, endColumn: 327 });
    expect(eth!.at).toEqual({ file: 'qemu-args.txt', line: 1, column: 336, endLine: 1, endColumn: 372 });
    expect(eth!.propAt['host']).toEqual({ file: 'qemu-args.txt', line: 1, column: 350, endLine: 1, endColumn: 372 });
    expect(eth!.propAt['driver']).toEqual({ file: 'qemu-args.txt', line: 1, column: 336, endLine: 1, endColumn: 349 });
    expect(mbox!.at).toEqual({ file: 'qemu-args.txt', line: 1, column: 381, endLine: 1, endColumn: 416 });
    expect(eth!.props).toEqual({ host: '5b040000.ethernet' });
  });

  it('reads the write-up multi-line form with backslash continuations', () => {
    const args = parseQemuArgs(read('qemu-args-multiline.txt'), 'multi.txt');
    expect(args.problems).toEqual([]);
    expect(args.program).toBe('qemu-system-aarch64');
    expect(args.gicVersion).toBe('host');
    expect(args.machine?.at[0]).toEqual({ file: 'multi.txt', line: 2, column: 8, endLine: 2, endColumn: 29 });
    expect(vfioPlatformDevices(args).map((d) => d.host)).toEqual(['5b230000.clock-controller', '5b040000.ethernet', '5d1d0000.mailbox']);
    const [clk, eth, mbox] = args.devices;
    expect(clk!.at).toEqual({ file: 'multi.txt', line: 9, column: 13, endLine: 9, endColumn: 57 });
    expect(clk!.optionAt).toEqual({ file: 'multi.txt', line: 9, column: 5, endLine: 9, endColumn: 12 });
    expect(eth!.at).toEqual({ file: 'multi.txt', line: 10, column: 13, endLine: 10, endColumn: 49 });
    expect(mbox!.propAt['host']).toEqual({ file: 'multi.txt', line: 11, column: 27, endLine: 11, endColumn: 48 });
    // -append's quoted value is one word and is not mistaken for options.
    expect(args.devices).toHaveLength(3);
  });
});

describe('shell words', () => {
  it('handles quotes, escapes, comments and continuations', () => {
    const text = [
      '# a comment line',
      "qemu-system-aarch64 -append 'a b' \\",
      '  -name "x\\"y" a\\ b # trailing comment',
      '-device "vfio-platform,host=5b040000.ethernet"',
    ].join('\n');
    const { words, problems } = splitShellWords(text);
    expect(problems).toEqual([]);
    expect(words.map((w) => w.text)).toEqual([
      'qemu-system-aarch64',
      '-append',
      'a b',
      '-name',
      'x"y',
      'a b',
      '-device',
      'vfio-platform,host=5b040000.ethernet',
    ]);
    // The quoted word keeps the source offset of each character.
    const last = words[7]!;
    expect(last.start).toBe(text.lastIndexOf('"vfio'));
    expect(last.offsets[0]).toBe(last.start + 1);
  });

  it('reports an unterminated quote with its position', () => {
    const args = parseQemuArgs('-device "vfio-platform,host=x\n', 'q.txt');
    expect(args.problems).toEqual([
      { code: 'qemu-args', severity: 'error', message: 'unterminated double quote', at: { file: 'q.txt', line: 1, column: 9, endLine: 1, endColumn: 31 } },
    ]);
    expect(args.devices.map((d) => d.host)).toEqual(['x\n']);
  });

  it('warns about shell expansions it does not perform', () => {
    const args = parseQemuArgs('-device vfio-platform,host=$DEV', 'q.txt');
    expect(args.problems).toEqual([
      {
        code: 'qemu-args',
        severity: 'warning',
        message: 'shell expansion is not performed: the text is read literally',
        at: { file: 'q.txt', line: 1, column: 28, endLine: 1, endColumn: 29 },
      },
    ]);
    expect(args.devices[0]!.host).toBe('$DEV');
  });
});

describe('QEMU option syntax', () => {
  it('reads QemuOpts with ,, escapes, flags and no-flags', () => {
    expect(parseQemuOpts({ text: 'vfio-platform,host=a,,b,x-no-mmap,noirqfd' }, 'driver').props).toEqual({
      driver: 'vfio-platform',
      host: 'a,b',
      'x-no-mmap': 'on',
      irqfd: 'off',
    });
    expect(parseQemuOpts({ text: 'driver=vfio-platform,host=h' }, 'driver').props).toEqual({ driver: 'vfio-platform', host: 'h' });
  });

  it('takes sysfsdev before host, as QEMU does', () => {
    const args = parseQemuArgs('-device vfio-platform,host=ignored,sysfsdev=/sys/bus/platform/devices/5b040000.ethernet/');
    expect(args.devices[0]!.host).toBe('5b040000.ethernet');
  });

  it('refuses a host= with a slash and a device without a name', () => {
    const args = parseQemuArgs('-device vfio-platform,host=/sys/x -device vfio-platform', 'q');
    expect(args.problems.map((p) => [p.message, p.at.column, p.at.endColumn])).toEqual([
      ["host=/sys/x contains '/': QEMU refuses it (\"wrong host device name\"); use sysfsdev= for a path", 23, 34],
      ['vfio-platform without host= or sysfsdev=: QEMU refuses it ("wrong host device name")', 43, 56],
    ]);
  });

  it('merges -M and -machine and reads gic-version', () => {
    const args = parseQemuArgs('-M virt -machine gic-version=3,dumpdtb=virt.dtb -M virtualization=on');
    expect(args.machine?.type).toBe('virt');
    expect(args.machine?.props).toEqual({ 'gic-version': '3', dumpdtb: 'virt.dtb', virtualization: 'on' });
    expect(args.gicVersion).toBe(3);
    expect(args.machine?.at).toHaveLength(3);
    expect(parseQemuArgs('-M virt,gic-version=max').gicVersion).toBe('max');
    const bad = parseQemuArgs('-M virt,gic-version=5', 'q');
    expect(bad.gicVersion).toBeUndefined();
    expect(bad.problems[0]!.message).toBe("gic-version '5' is not 2, 3, 4, host or max");
  });

  it('merges -smp options (cpus implied) and lists the accelerators in order', () => {
    const args = parseQemuArgs('-smp 4 -enable-kvm -smp maxcpus=12 -accel kvm,kernel-irqchip=off -M virt,accel=kvm:tcg');
    expect(args.smp?.props).toEqual({ cpus: '4', maxcpus: '12' });
    expect(args.accelerators.map((a) => [a.name, a.props])).toEqual([
      ['kvm', {}],
      ['kvm', { 'kernel-irqchip': 'off' }],
      ['kvm', {}],
      ['tcg', {}],
    ]);
    expect(parseQemuArgs('-M virt').accelerators).toEqual([]);
  });

  it('creates JSON devices after the QemuOpts ones', () => {
    const args = parseQemuArgs(
      `-device '{"driver":"vfio-platform","host":"a.first"}' -device vfio-platform,host=b.second -device ramfb -device virtio-net-pci`,
    );
    expect(args.devices.map((d) => [d.host ?? d.driver, d.index, d.order, d.json])).toEqual([
      ['a.first', 0, 3, true],
      ['b.second', 1, 0, false],
      ['ramfb', 2, 1, false],
      ['virtio-net-pci', 3, 2, false],
    ]);
    expect(vfioPlatformDevices(args).map((d) => d.host)).toEqual(['b.second', 'a.first']);
    expect(platformBusDevices(args).map((d) => d.host ?? d.driver)).toEqual(['b.second', 'ramfb', 'a.first']);
  });

  it('places the JSON tpm-tis-device written first after the QemuOpts vfio devices', () => {
    // softmmu/vl.c qemu_create_cli_devices: QemuOpts devices in order, then the JSON list.
    const args = parseQemuArgs(
      `-device '{"driver":"tpm-tis-device","tpmdev":"tpm0"}' -device vfio-platform,host=a.first -device ramfb -device '{"driver":"vfio-platform","host":"b.second"}' -device vfio-platform,host=c.third`,
    );
    expect(platformBusDevices(args).map((d) => d.host ?? d.driver)).toEqual(['a.first', 'ramfb', 'c.third', 'tpm-tis-device', 'b.second']);
    expect(vfioPlatformDevices(args).map((d) => d.host)).toEqual(['a.first', 'c.third', 'b.second']);
  });

  it("takes QEMU 7.2's allow list of dynamic sysbus devices, and nothing else", () => {
    const args = parseQemuArgs(
      '-device vfio-calxeda-xgmac,host=x.xgmac -device vfio-amd-xgbe,host=y.xgbe -device tpm-tis-device,tpmdev=t -device uefi-vars-sysbus -device pl011 -device virtio-net-device',
    );
    expect(platformBusDevices(args).map((d) => d.driver)).toEqual(['vfio-calxeda-xgmac', 'vfio-amd-xgbe', 'tpm-tis-device']);
  });

  it('reads -dtb', () => {
    expect(parseQemuArgs('-M virt -dtb guest.dtb -device vfio-platform,host=a', 'q').dtb).toMatchObject({ file: 'guest.dtb', at: { line: 1, column: 14, endColumn: 23 } });
    expect(parseQemuArgs('-M virt -device vfio-platform,host=a').dtb).toBeUndefined();
  });

  it('does not take an option value for a device', () => {
    // -nographic takes no argument; the unknown -foo takes the next non-option word.
    const args = parseQemuArgs('-nographic -device vfio-platform,host=a -foo bar -device vfio-platform,host=b');
    expect(args.devices.map((d) => d.host)).toEqual(['a', 'b']);
    const missing = parseQemuArgs('-device', 'q');
    expect(missing.problems.map((p) => p.message)).toEqual(["option '-device' needs an argument"]);
  });
});
