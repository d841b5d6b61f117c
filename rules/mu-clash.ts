/**
 * mu-clash: the guest's SCU talks to the firmware through a messaging unit (MU) that the host uses,
 * that is not passed through, or that the partition's `rsrcs` does not give it.
 *
 * The SCU firmware attributes each call to the partition that owns the MU the call came through
 * (NXP U-Boot's scu_rm: sc_rm_get_partition(-1) is the caller's partition, and `scu_rm dtb`
 * (arch/arm/mach-imx/imx8/partition.c do_part_dtb) moves the MU to the guest's partition only when
 * `rsrcs` lists it, powering on MU_2A, MU_3A and MU_4A and every other listed resource off).
 */
import { nodePath } from '../src/dts/query.js';
import type { Node } from '../src/dts/tree.js';
import { nodeAnchor, notesBesides } from '../src/passthrough/anchors.js';
import { muOfNode, nameOf, scuMailboxes, type ImxMu } from '../src/passthrough/imx-partition.js';
import { type PairModel } from '../src/passthrough/pair.js';
import { isAvailable } from '../src/passthrough/availability.js';
import { definePairRule } from './support/pair-rule.js';
import { SYMPTOM, symptomLine } from '../src/passthrough/symptoms.js';
import { numberedName, who } from './support/pair.js';

/** MU_0A and MU_1A stay with the host side (the host kernel and ATF in NXP's Xen notes, as the seed quotes them). */
const RESERVED = new Set([0, 1]);

export default definePairRule({
  id: 'mu-clash',
  level: 'error',
  scope: 'pair',
  summary: "The guest's SCU mailbox unit is used by the host, not passed through, or not in rsrcs",
  symptoms: [SYMPTOM.scuFails, SYMPTOM.guestProbeFails, SYMPTOM.missingOnHost],
  messages: {
    hostScu: 'the guest SCU talks through {{mu}} ({{hostNode}}), which the host SCU {{hostScu}} uses and keeps: the guest cannot reach it, so every SCU call of the guest times out; one MU serves one side, give the guest MU_2A, MU_3A or MU_4A',
    hostScuPassed: 'the guest SCU talks through {{mu}} ({{hostNode}}), which the host SCU {{hostScu}} uses too: one MU serves one side, and vfio-platform can take it only from the host\'s mailbox driver, so the host SCU\'s calls (clocks, power domains, pads) fail; give the guest MU_2A, MU_3A or MU_4A',
    reserved: 'the guest SCU talks through {{mu}}, one of the MUs the host side keeps (MU_0A, MU_1A): U-Boot\'s scu_rm powers a guest\'s MU on only for MU_2A, MU_3A and MU_4A (it powers the other resources of rsrcs off, unless the environment sets domu-init-ignore-poweroff=yes); use one of those',
    notPassed: 'the guest SCU talks through {{mu}} ({{hostNode}}), which the host does not pass through: the guest cannot reach it (QEMU maps nothing of it), so every SCU call of the guest times out',
    notInRsrcs: 'the guest SCU talks through {{mu}}, but {{partition}} rsrcs does not give {{rsrc}} to the guest: U-Boot\'s scu_rm leaves the MU in the host\'s partition and does not power it on (init_on_rsrcs is read by Xen, not by U-Boot), and the firmware attributes every call through an MU to the partition that owns it, so the guest\'s SCU calls, if the MU answers at all, act for the host\'s partition, not the guest\'s',
  },
  check({ pair, report }) {
    const hostScus = scuMailboxes(pair.host.tree).filter((s) => s.enabled && isAvailable(s.scu));
    for (const scu of scuMailboxes(pair.guest.tree)) {
      if (!scu.enabled) continue;
      for (const unit of scu.units) {
        if (!unit.node) continue;
        const hostNode = pair.hostNodeFor(unit.node);
        const mu: ImxMu | undefined = (hostNode ? muOfNode(hostNode) : undefined) ?? unit.mu;
        if (!mu) continue;
        const subject = `guest:${scu.path}:mboxes:${mu.name}`;
        const symptom = symptomLine(SYMPTOM.scuFails, SYMPTOM.guestProbeFails);
        const host = hostNode ?? findMu(pair.host.tree.root, mu);
        const sharing = hostScus.find((h) => h.units.some((u) => (u.node && host && u.node === host) || u.mu?.index === mu.index));
        if (sharing) {
          const hostAt = sharing.units.find((u) => u.node === host || u.mu?.index === mu.index)!.at;
          const passed = host !== undefined && pair.isPassed(host);
          report({
            at: unit.at,
            messageId: passed ? 'hostScuPassed' : 'hostScu',
            data: { mu: mu.name, hostNode: host ? nodePath(host) : mu.resourceName, hostScu: sharing.path },
            related: notesBesides([{ message: `the host SCU's mboxes use ${mu.name} here`, at: hostAt }], unit.at),
            subject,
            symptom: passed ? symptomLine(SYMPTOM.scuFails, SYMPTOM.missingOnHost) : symptom,
          });
          continue;
        }
        if (RESERVED.has(mu.index)) {
          report({ at: unit.at, messageId: 'reserved', data: { mu: mu.name }, subject, symptom });
          continue;
        }
        if (!host || !pair.isPassed(host)) {
          report({
            at: unit.at,
            messageId: 'notPassed',
            data: { mu: mu.name, hostNode: host ? who(host) : mu.resourceName },
            related: host ? [{ message: `${nodePath(host)} on the host`, at: nodeAnchor(pair, pair.host, host) }] : [],
            subject,
            symptom,
          });
          continue;
        }
        const partition = pair.partition;
        if (partition && !partition.rsrcs.some((c) => c.value === mu.resource)) {
          report({
            at: unit.at,
            messageId: 'notInRsrcs',
            data: { mu: mu.name, partition: partition.path, rsrc: resourceName(pair, mu) },
            related: partition.properties.rsrcs ? [{ message: `${partition.path} rsrcs`, at: partition.properties.rsrcs.at }] : [],
            subject,
            symptom,
          });
        }
      }
    }
  },
});

/** The MU's resource as the user's headers name it (the partition's own cells first). */
function resourceName(pair: PairModel, mu: ImxMu): string {
  const written = [...(pair.partition?.rsrcs ?? []), ...(pair.partition?.initOnRsrcs ?? [])].find((c) => c.value === mu.resource);
  return nameOf(pair.rsrcNames, mu.resource) ?? (written ? numberedName(written) : mu.resourceName);
}

/** The host node of an MU, by its address. */
function findMu(root: Node, mu: ImxMu): Node | undefined {
  const stack = [root];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (n.parent && muOfNode(n)?.index === mu.index) return n;
    for (const c of n.children) stack.push(c);
  }
  return undefined;
}
