import { beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { compileDts, SourceHost } from '../../src/dts/index.js';
import type { Tree } from '../../src/dts/tree.js';
import { imxPinGroups } from '../../src/passthrough/imx-pads.js';
import { decodePartition, namesFromTree, readImx8qmPadNames, scuMailboxes, type DefineNames } from '../../src/passthrough/imx-partition.js';
import { allocatePlatformBus, guestTriggerFor, hostFootprint } from '../../src/passthrough/platform-bus.js';
import { parseQemuArgs, vfioPlatformDevices } from '../../src/passthrough/qemu-args.js';
import { iommuGroups, streamEntries } from '../../src/passthrough/smmu.js';
import { resolveNode } from '../../src/graph/resolve-node.js';
import { readFileSync } from 'node:fs';

const K = '/root/.cache/dtlint/linux-source-6.12';
const haveCorpus = existsSync(`${K}/include/dt-bindings/firmware/imx/rsrc.h`);
const withCorpus = haveCorpus ? describe : describe.skip;
const fixtures = fileURLToPath(new URL('../../fixtures/passthrough/', import.meta.url));
const HOST = `${fixtures}imx8qm-mek_conn-host-nosata.dts`;
const GUEST_SEED = join(process.cwd(), 'fixtures/seed/imx8qm-mek_conn-guest.dts');
const includeDirs = [`${K}/arch/arm64/boot/dts`, `${K}/scripts/dtc/include-prefixes`, `${K}/include`];

function compile(file: string, host?: SourceHost): Tree {
  const result = compileDts(file, host ? { includeDirs, host } : { includeDirs });
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0 || !result.tree) throw new Error(`${file} did not compile: ${errors.map((e) => e.message).join('; ')}`);
  return result.tree;
}

withCorpus('the seed host (without &sata) compiled by dtlint', () => {
  let tree: Tree;
  let names: { rsrcNames?: DefineNames; padNames?: DefineNames };
  beforeAll(() => {
    tree = compile(HOST);
    names = namesFromTree(tree);
  });

  it('finds the headers the tree included', () => {
    // cpp found them through scripts/dtc/include-prefixes/dt-bindings (a link to include/dt-bindings).
    expect(names.rsrcNames?.file).toBe(`${K}/scripts/dtc/include-prefixes/dt-bindings/firmware/imx/rsrc.h`);
    expect(names.padNames?.file).toBe(`${K}/scripts/dtc/include-prefixes/dt-bindings/pinctrl/pads-imx8qm.h`);
    expect(names.rsrcNames?.byName.get('IMX_SC_R_MU_2A')).toBe(215);
  });

  it('decodes /domu/doma', () => {
    const { partition, problems } = decodePartition(tree, names);
    expect(problems).toEqual([]);
    expect(partition?.path).toBe('/domu/doma');
    expect(partition!.rsrcs.map((c) => [c.value, c.name])).toEqual([
      [215, 'IMX_SC_R_MU_2A'],
      [251, 'IMX_SC_R_ENET_0'],
    ]);
    expect(partition!.initOnRsrcs.map((c) => c.name)).toEqual(['IMX_SC_R_MU_2A']);
    const { expansion, ...at } = partition!.rsrcs[1]!.at;
    expect(at).toEqual({ file: HOST, line: 41, column: 17, endLine: 41, endColumn: 32 });
    expect(expansion?.[0]?.macro).toBe('IMX_SC_R_ENET_0');
    expect(partition!.pads.map((c) => c.value)).toEqual([165, 166, 167, 243, 244, 245, 246, 247, 248, 249, 250, 251, 252, 253, 254, 255, 43, 121, 126, 129, 127]);
    expect(partition!.pads[15]!.name).toBe('IMX8QM_COMP_CTL_GPIO_1V8_3V3_ENET_ENETB');
    expect(partition!.pads[20]!.at.line).toBe(70);
  });

  it('finds the host SCU on lsio_mu1 (MU_1A)', () => {
    const scus = scuMailboxes(tree);
    expect(scus.map((s) => [s.path, s.enabled, s.units.map((u) => [u.path, u.mu?.name, u.mu?.resource])])).toEqual([
      ['/system-controller', true, [['/bus@5d000000/mailbox@5d1c0000', 'MU_1A', 214]]],
    ]);
  });

  it('decodes the fec1 pin group with pads and users', () => {
    const { groups, problems } = imxPinGroups(tree, names.padNames);
    expect(problems).toEqual([]);
    const fec1 = groups.find((g) => g.node.name === 'fec1grp')!;
    expect(fec1.pins).toHaveLength(14);
    expect(fec1.pins[0]).toMatchObject({ pad: 166, mux: 0, config: 0x06000020, name: 'IMX8QM_ENET0_MDC' });
    expect(fec1.pins[0]!.at).toMatchObject({ file: `${K}/arch/arm64/boot/dts/freescale/imx8qm-mek.dts`, line: 699, column: 4 });
    // The seed's &fec1 deletes pinctrl-0: the group has no user left; fec2's group is used by a disabled node.
    expect(fec1.users).toEqual([]);
    const fec2 = groups.find((g) => g.node.name === 'fec2grp')!;
    expect(fec2.users.map((u) => [u.node.name, u.property.name, u.enabled])).toEqual([['ethernet@5b050000', 'pinctrl-0', false]]);
  });

  it('groups the host iommus: fec1 alone in 0x12 (fec2 lost its iommus), usdhc1 in 0x11', () => {
    const { groups, problems } = iommuGroups(streamEntries(tree));
    expect(problems).toEqual([]);
    expect(groups.map((g) => [g.id, g.devices])).toEqual([['iommu@51400000:0x12', ['/bus@5b000000/ethernet@5b040000']]]);
    const all = iommuGroups(streamEntries(tree, { includeDisabled: true }));
    expect(all.groups.map((g) => g.id)).toEqual(['iommu@51400000:0x12']);
  });
});

withCorpus('the seed pair on QEMU virt', () => {
  it('places the passed host nodes where the seed guest expects them', () => {
    const tree = compile(HOST);
    const args = parseQemuArgs(readFileSync(`${fixtures}qemu-args.txt`, 'latin1'), 'qemu-args.txt');
    const inputs = vfioPlatformDevices(args).map((d) => {
      const found = resolveNode(tree, d.host!);
      if (!found.ok) throw new Error(found.message);
      expect(found.how).toBe('sysfs');
      return { name: d.host!, ...hostFootprint(found.node, tree) };
    });
    expect(inputs.map((i) => [i.name, i.regionSizes, i.regionAddresses, i.irqCount, i.interrupts.map((q) => q.flags), i.problems])).toEqual([
      ['5b230000.clock-controller', [0x10000n], [0x5b230000n], 0, [], []],
      ['5b040000.ethernet', [0x10000n], [0x5b040000n], 4, [4, 4, 4, 4], []],
      ['5d1d0000.mailbox', [0x10000n], [0x5d1d0000n], 1, [4], []],
    ]);
    const { placements, failure } = allocatePlatformBus(inputs);
    expect(failure).toBeUndefined();
    expect(placements.map((p) => [p.name, p.slots.map((s) => s.base), p.spis])).toEqual([
      ['5b230000.clock-controller', [0xc000000n], []],
      ['5b040000.ethernet', [0xc010000n], [0x70, 0x71, 0x72, 0x73]],
      ['5d1d0000.mailbox', [0xc020000n], [0x74]],
    ]);
    expect(inputs[1]!.interrupts.map((q) => guestTriggerFor(q.flags!).flags)).toEqual([4, 4, 4, 4]);
  });
});

withCorpus('upstream imx8qm-mek compiled by dtlint', () => {
  it('puts fec1 and fec2 in one IOMMU group', () => {
    const tree = compile(`${K}/arch/arm64/boot/dts/freescale/imx8qm-mek.dts`);
    const { groups } = iommuGroups(streamEntries(tree));
    expect(groups.map((g) => [g.id, g.devices])).toEqual([
      ['iommu@51400000:0x11', ['/bus@5b000000/mmc@5b010000', '/bus@5b000000/mmc@5b020000']],
      ['iommu@51400000:0x12', ['/bus@5b000000/ethernet@5b040000', '/bus@5b000000/ethernet@5b050000']],
    ]);
  });
});

const withGuest = haveCorpus && existsSync(GUEST_SEED) ? describe : describe.skip;
withGuest('the seed guest compiled by dtlint', () => {
  it('finds the guest SCU on lsio_mu2 (MU_2A) and its pin group with the ENETA pad', () => {
    const tree = compile(GUEST_SEED);
    const scus = scuMailboxes(tree);
    expect(scus.map((s) => s.units.map((u) => u.mu?.name))).toEqual([['MU_2A']]);
    const { groups } = imxPinGroups(tree, readImx8qmPadNames(K));
    expect(groups.map((g) => g.node.name)).toEqual(['fec1grp']);
    expect(groups[0]!.pins[0]).toMatchObject({ pad: 268, name: 'IMX8QM_COMP_CTL_GPIO_1V8_3V3_ENET_ENETA' });
    expect(decodePartition(tree).partition).toBeUndefined();
  });
});

withCorpus('partition lookup and checks', () => {
  const file = `${fixtures}inline-partition.dts`;
  const text = [
    '/dts-v1/;',
    '#include <dt-bindings/firmware/imx/rsrc.h>',
    '/ {',
    '\tdomu {',
    '\t\t#address-cells = <1>;',
    '\t\t#size-cells = <0>;',
    '\t\tdoma { compatible = "xen,domu"; status = "disabled"; rsrcs = <IMX_SC_R_MU_3A>; };',
    '\t\tdomb { compatible = "xen,domu"; rsrcs = <IMX_SC_R_MU_3A 9999>; init_on_rsrcs = <IMX_SC_R_MU_4A>; pads = <1>; };',
    '\t};',
    '\tother { compatible = "xen,domu"; };',
    '};',
  ].join('\n');
  let tree: Tree;
  beforeAll(() => {
    tree = compile(file, new SourceHost(new Map([[file, text]])));
  });

  it('takes the first enabled xen,domu node and checks its cells', () => {
    const { partition, problems } = decodePartition(tree, namesFromTree(tree));
    expect(partition?.path).toBe('/domu/domb');
    expect(partition!.rsrcs.map((c) => [c.value, c.name])).toEqual([
      [216, 'IMX_SC_R_MU_3A'],
      [9999, undefined],
    ]);
    expect(partition!.pads).toEqual([{ value: 1, at: { file, line: 8, column: 108, endLine: 8, endColumn: 109 } }]);
    expect(problems.map((p) => [p.severity, p.message, p.at.line, p.at.column])).toEqual([
      ['warning', '/domu/domb:rsrcs: 9999 is not defined in ' + `${K}/scripts/dtc/include-prefixes/dt-bindings/firmware/imx/rsrc.h`, 8, 59],
      ['warning', 'init_on_rsrcs entry IMX_SC_R_MU_4A is not in rsrcs', 8, 83],
    ]);
  });

  it('reads a given path and says what U-Boot would make of it', () => {
    const { partition, problems } = decodePartition(tree, { path: '/other' });
    expect(partition?.rsrcs).toEqual([]);
    expect(problems.map((p) => p.message)).toEqual([
      '/other is not a child of /domu: U-Boot\'s scu_rm only reads /domu\'s children',
      '/other has no rsrcs: the partition gets no resources',
    ]);
    expect(decodePartition(tree, { path: '/nothing' })).toEqual({ problems: [] });
  });
});
