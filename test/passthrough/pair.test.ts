/**
 * The pair model and its closure passes, on the bundled example (in memory): passed set, sysfs names,
 * placements, counterparts, partition, and the four closure passes.
 */
import { describe, expect, it } from '@jest/globals';
import { nodePath } from '../../src/dts/query.js';
import type { PairModel } from '../../src/passthrough/pair.js';
import { checkFiles, edit, example, type Files } from '../rules/pair-harness.js';

function model(files: Files, spec = {}): PairModel {
  const r = checkFiles(files, { spec, rules: [] });
  expect(r.notifications).toEqual([]);
  return r.pairs[0]!;
}

describe('the pair model', () => {
  it('takes the passed set from the QEMU command line in order, with sysfs names, footprints and slots', () => {
    const pair = model(example('fixed'));
    expect(pair.passed.map((d) => [d.name, d.path, d.sysfs, d.qemu?.index, d.fromPass, d.available])).toEqual([
      ['5b230000.clock-controller', '/bus@5b000000/clock-controller@5b230000', '5b230000.clock-controller', 0, false, true],
      ['5b040000.ethernet', '/bus@5b000000/ethernet@5b040000', '5b040000.ethernet', 1, false, true],
      ['5d1d0000.mailbox', '/bus@5d000000/mailbox@5d1d0000', '5d1d0000.mailbox', 2, false, true],
    ]);
    expect(pair.passed.map((d) => [d.placement?.slots.map((s) => s.base), d.placement?.spis])).toEqual([
      [[0xc000000n], []],
      [[0xc010000n], [0x70, 0x71]],
      [[0xc020000n], [0x72]],
    ]);
    expect(pair.qemu?.args.gicVersion).toBe(3);
    expect(pair.imx8qm).toBe(true);
  });

  it('finds the guest counterparts by label, else by a compatible one guest node alone has, else by slot', () => {
    const pair = model(example('fixed'));
    expect(pair.passed.map((d) => [d.guest && nodePath(d.guest.node), d.guest?.how])).toEqual([
      ['/platform-bus@c000000/clock-controller@0', 'label'],
      ['/platform-bus@c000000/ethernet@10000', 'label'],
      ['/platform-bus@c000000/mailbox@20000', 'label'],
    ]);
    const renamed = model(edit(edit(example('fixed'), 'guest.dts', 'mu2: mailbox@20000', 'mailbox: mailbox@20000'), 'guest.dts', '&mu2 0 0 &mu2 1 0 &mu2 3 3', '&mailbox 0 0 &mailbox 1 0 &mailbox 3 3'));
    expect(renamed.passed[2]!.guest?.how).toBe('compatible');
    expect(renamed.hostNodeFor(renamed.passed[2]!.guest!.node)).toBe(renamed.passed[2]!.node);
    const generic = model(edit(edit(edit(example('fixed'), 'guest.dts', 'mu2: mailbox@20000', 'mailbox: mailbox@20000'), 'guest.dts', '&mu2 0 0 &mu2 1 0 &mu2 3 3', '&mailbox 0 0 &mailbox 1 0 &mailbox 3 3'), 'guest.dts', 'compatible = "fsl,imx8-mu-scu", "fsl,imx6sx-mu";', 'compatible = "acme,guest-mu";'));
    expect(generic.passed[2]!.guest?.how).toBe('slot');
  });

  it('adds --pass devices the command line does not name, after it, and places --pass order without one', () => {
    const pair = model(example('fixed'), { pass: ['eth0', 'mu1'] });
    expect(pair.passed.map((d) => [d.sysfs, d.fromPass, d.qemu !== undefined, d.placement !== undefined])).toEqual([
      ['5b230000.clock-controller', false, true, true],
      ['5b040000.ethernet', true, true, true],
      ['5d1d0000.mailbox', false, true, true],
      ['5d1c0000.mailbox', true, false, false],
    ]);
    const files = { ...example('fixed') };
    delete files['qemu-args.txt'];
    const noQemu = model(files, { pass: ['mu2', 'eth0'] });
    expect(noQemu.passed.map((d) => [d.sysfs, d.placement?.slots[0]?.base, d.placement?.spis])).toEqual([
      ['5d1d0000.mailbox', 0xc000000n, [0x70]],
      ['5b040000.ethernet', 0xc010000n, [0x71, 0x72]],
    ]);
  });

  it('stops placing at a name QEMU cannot resolve', () => {
    const files = edit(example('fixed'), 'qemu-args.txt', '    -device vfio-platform,host=5b040000.ethernet', '    -device vfio-platform,host=nosuch.ethernet \\\n    -device vfio-platform,host=5b040000.ethernet');
    const pair = model(files);
    expect(pair.placementStoppedBy?.name).toBe('nosuch.ethernet');
    expect(pair.passed.map((d) => d.placement !== undefined)).toEqual([true, false, false]);
  });

  it('decodes the partition and the IOMMU groups', () => {
    const pair = model(example());
    expect(pair.partition?.path).toBe('/domu/doma');
    expect(pair.partition?.rsrcs.map((c) => c.value)).toEqual([251]);
    expect(pair.partition?.initOnRsrcs.map((c) => c.value)).toEqual([215]);
    expect(pair.iommu.groups.map((g) => [g.id, g.devices])).toEqual([
      ['iommu@51400000:0x12', ['/bus@5b000000/ethernet@5b040000', '/bus@5b000000/ethernet@5b050000']],
      ['iommu@51400000:0x13', ['/bus@5d000000/mailbox@5d1d0000']],
    ]);
  });
});

describe('the closure passes', () => {
  it('pass 2 grows the set by IOMMU group members (eth1 shares eth0\'s group)', () => {
    const pair = model(example());
    expect(pair.closure.grown.map((g) => [nodePath(g.node), g.reason, g.group?.id])).toEqual([
      ['/bus@5b000000/ethernet@5b050000', 'iommu-group', 'iommu@51400000:0x12'],
    ]);
  });

  it('pass 2 does not grow the set by suppliers: a clock gate only eth0 uses stays with the host', () => {
    let files = edit(example('fixed'), 'qemu-args.txt', '    -device vfio-platform,host=5b230000.clock-controller \\\n', '');
    files = edit(files, 'host.dts', '\t/delete-property/ clocks;\n', '');
    files = edit(files, 'host.dts', '&eth0_lpcg {\n\tiommus = <&smmu 0x12 0x7f80>;\n', '&eth0_lpcg {\n');
    const pair = model(files);
    expect(pair.closure.grown).toEqual([]);
    expect([...pair.closure.required].map(nodePath)).toEqual(['/bus@5b000000/ethernet@5b040000', '/bus@5d000000/mailbox@5d1d0000']);
    const gate = pair.closure.host.filter((d) => d.edge.property === 'clocks');
    expect(gate.map((d) => [nodePath(d.edge.supplier), d.class, d.sharedWith.length, d.chain.length])).toEqual([
      ['/bus@5b000000/clock-controller@5b230000', 'host', 0, 1],
      ['/bus@5b000000/clock-controller@5b230000', 'host', 0, 1],
    ]);
  });

  it('pass 3 classifies every host dependency: passed, GIC, or staying with the host', () => {
    const pair = model(example());
    const classes = pair.closure.host.map((d) => `${nodePath(d.edge.consumer)} ${d.edge.property}[${d.edge.index}] -> ${nodePath(d.edge.supplier)}: ${d.class}${d.disabled ? ' (disabled)' : ''}`);
    expect(classes).toEqual(
      expect.arrayContaining([
        '/bus@5b000000/ethernet@5b040000 interrupts[0] -> /interrupt-controller@51a00000: gic',
        '/bus@5b000000/ethernet@5b040000 nvmem-cells[0] -> /system-controller/ocotp/mac@1c4: host',
        '/bus@5b000000/clock-controller@5b230000 clocks[0] -> /system-controller/clock-controller: host',
        '/bus@5b000000/clock-controller@5b230000 power-domains[0] -> /system-controller/power-controller: host',
      ]),
    );
    expect(pair.closure.host.some((d) => d.edge.property === 'iommus' || d.edge.binding.layout === 'parent')).toBe(false);
    const fixed = model(example('fixed'));
    expect(fixed.closure.guest.map((d) => `${nodePath(d.edge.consumer)} ${d.edge.property} -> ${d.class}`)).toEqual([
      '/platform-bus@c000000/clock-controller@0 clocks -> scu',
      '/platform-bus@c000000/clock-controller@0 clocks -> scu',
      '/platform-bus@c000000/clock-controller@0 power-domains -> scu',
      '/platform-bus@c000000/ethernet@10000 clocks -> counterpart',
      '/platform-bus@c000000/ethernet@10000 clocks -> counterpart',
      '/platform-bus@c000000/ethernet@10000 pinctrl-0 -> scu',
      '/platform-bus@c000000/ethernet@10000 nvmem-cells -> scu',
    ]);
  });

  it('pass 4 finds enabled host nodes that still depend on a passed device', () => {
    const pair = model(example());
    expect(pair.closure.consumers.map((c) => `${nodePath(c.edge.consumer)} ${c.edge.property} -> ${nodePath(c.edge.supplier)} (${c.device.sysfs})`)).toEqual([
      '/bus@5b000000/ethernet@5b050000 phy-handle -> /bus@5b000000/ethernet@5b040000/mdio/ethernet-phy@1 (5b040000.ethernet)',
    ]);
  });
});
