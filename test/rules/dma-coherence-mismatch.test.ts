import { describe, expect, it } from '@jest/globals';
import { RuleTester } from '../helpers/rule-tester.js';
import { checkFiles, edit, example, type Files } from './pair-harness.js';

const ID = 'dma-coherence-mismatch';
const run = { rules: [ID] };
const ETH0 = 'status = "okay";\n\tfsl,sc_rsrc_id = <ACME_R_ENET_0>;';
const GUEST_ETH0 = '\t\t\tclock-names = "ipg", "ahb";\n';
const GUEST_BUS = '\t\tcompatible = "qemu,platform", "simple-bus";\n';

/** A line added to the host's &eth0 override (line 32). */
function hostEth0(line: string, files: Files = example('fixed')): Files {
  return edit(files, 'host.dts', ETH0, `status = "okay";\n\t${line}\n\tfsl,sc_rsrc_id = <ACME_R_ENET_0>;`);
}
/** A line added to the guest's eth0 node (line 108). */
function guestEth0(line: string, files: Files = example('fixed')): Files {
  return edit(files, 'guest.dts', GUEST_ETH0, `${GUEST_ETH0}\t\t\t${line}\n`);
}
/** A line added to a host bus by an override at the end of host.dts: `conn` (eth0 and its clock gate) or `lsio` (mu2). */
function hostBus(line: string, files: Files = example('fixed'), bus: 'conn' | 'lsio' = 'conn'): Files {
  return { ...files, 'host.dts': `${files['host.dts']}\n&${bus} {\n\t${line}\n};\n` };
}
/** A line added to the guest's platform bus (line 92). */
function guestBus(line: string, files: Files = example('fixed')): Files {
  return edit(files, 'guest.dts', GUEST_BUS, `${GUEST_BUS}\t\t${line}\n`);
}

const GUEST_COHERENT = { guestNode: 'eth0', node: 'eth0', hostWhy: 'no dma-coherent on the node or its DMA parents' };

new RuleTester({ scope: 'pair' }).run(ID, {
  valid: [
    { name: 'the fixed example: neither side marks a device coherent', files: example('fixed') },
    { name: 'coherent on both sides, inherited from the buses on each', files: guestBus('dma-coherent;', hostBus('dma-coherent;', hostBus('dma-coherent;'), 'lsio')) },
    {
      name: 'the host bus is coherent, its passed nodes say dma-noncoherent (the first of the two on the walk wins), the guest says nothing',
      files: edit(hostEth0('dma-noncoherent;', hostBus('dma-coherent;')), 'host.dts', '&eth0_lpcg {', '&eth0_lpcg {\n\tdma-noncoherent;'),
    },
  ],
  invalid: [
    {
      name: 'the guest node is coherent, the host is not: a warning at the guest property',
      files: guestEth0('dma-coherent;'),
      errors: [{ messageId: 'guestCoherent', data: { ...GUEST_COHERENT, why: 'its dma-coherent' }, level: 'warning', file: 'guest.dts', line: 108, column: 4 }],
    },
    {
      name: 'the guest platform bus is coherent: every passed node inherits it (of_dma_is_coherent walks the parents)',
      files: guestBus('dma-coherent;'),
      errors: [
        { messageId: 'guestCoherent', data: { ...GUEST_COHERENT, why: 'dma-coherent on /platform-bus@c000000' }, file: 'guest.dts', line: 92, column: 3 },
        { messageId: 'guestCoherent', data: { guestNode: 'eth0_lpcg', node: 'eth0_lpcg', hostWhy: 'no dma-coherent on the node or its DMA parents', why: 'dma-coherent on /platform-bus@c000000' }, file: 'guest.dts', line: 92, column: 3 },
        { messageId: 'guestCoherent', data: { guestNode: 'mu2', node: 'mu2', hostWhy: 'no dma-coherent on the node or its DMA parents', why: 'dma-coherent on /platform-bus@c000000' }, file: 'guest.dts', line: 92, column: 3 },
      ],
    },
    {
      name: 'the host node is coherent, the guest is not: a warning at the guest node',
      files: hostEth0('dma-coherent;'),
      errors: [{ messageId: 'hostCoherent', data: { node: 'eth0', guestNode: 'eth0', hostWhy: 'its dma-coherent', why: 'no dma-coherent on the node or its DMA parents' }, level: 'warning', file: 'guest.dts', line: 101, column: 3 }],
    },
    {
      name: 'the host bus is coherent (conn), inherited by eth0; the guest node says dma-noncoherent',
      files: guestEth0('dma-noncoherent;', hostBus('dma-coherent;')),
      errors: [
        { messageId: 'hostCoherent', data: { node: 'eth0_lpcg', guestNode: 'eth0_lpcg', hostWhy: 'dma-coherent on conn', why: 'no dma-coherent on the node or its DMA parents' }, file: 'guest.dts', line: 93, column: 3 },
        { messageId: 'hostCoherent', data: { node: 'eth0', guestNode: 'eth0', hostWhy: 'dma-coherent on conn', why: 'its dma-noncoherent' }, file: 'guest.dts', line: 108, column: 4 },
      ],
    },
  ],
});

describe(ID, () => {
  it('points at the host property that decided, and names no failure for the slower direction', () => {
    const [f] = checkFiles(hostEth0('dma-coherent;'), run).findings;
    expect(f?.related?.map((r) => `${r.message} ${r.at.line}`)).toEqual(['dma-coherent on the host (/bus@5b000000/ethernet@5b040000) 32', 'passed to QEMU here 5']);
    expect(f?.symptom).toBe('none: the device works, with cache maintenance it does not need');
  });
});
