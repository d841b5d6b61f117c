/**
 * mu-clash: the guest's SCU talks to the firmware through a messaging unit (MU) that the host uses,
 * that is not passed through, or that the partition's `rsrcs` does not give it.
 */
import { nodePath } from '../src/dts/query.js';
import type { Node } from '../src/dts/tree.js';
import { nodeAnchor, notesBesides } from '../src/passthrough/anchors.js';
import { muOfNode, nameOf, scuMailboxes, type ImxMu } from '../src/passthrough/imx-partition.js';
import { isAvailable, type PairModel } from '../src/passthrough/pair.js';
import { definePairRule } from '../src/passthrough/pair-rule.js';
import { SYMPTOM, symptomLine } from '../src/passthrough/symptoms.js';
import { numberedName, who } from './support/pair.js';

/** MU_0A and MU_1A belong to the host and to ATF (the seed's Xen notes). */
const RESERVED = new Set([0, 1]);

export default definePairRule({
  id: 'mu-clash',
  level: 'error',
  scope: 'pair',
  summary: "The guest's SCU mailbox unit is used by the host, not passed through, or not in rsrcs",
  symptoms: [SYMPTOM.scuFails, SYMPTOM.guestProbeFails, SYMPTOM.missingOnHost],
  messages: {
    hostScu: 'the guest SCU talks through {{mu}} ({{hostNode}}), which the host SCU {{hostScu}} uses too: both sides call the firmware through one mailbox and each steals the other\'s replies',
    reserved: 'the guest SCU talks through {{mu}}, which belongs to the host or to ATF: use MU_2A, MU_3A or MU_4A',
    notPassed: 'the guest SCU talks through {{mu}} ({{hostNode}}), which the host does not pass through: the guest cannot reach it and every SCU call fails',
    notInRsrcs: 'the guest SCU talks through {{mu}}, but {{partition}} rsrcs does not give {{rsrc}} to the guest: the firmware does not power it for the guest partition',
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
          report({
            at: unit.at,
            messageId: 'hostScu',
            data: { mu: mu.name, hostNode: host ? nodePath(host) : mu.resourceName, hostScu: sharing.path },
            related: notesBesides([{ message: `the host SCU's mboxes use ${mu.name} here`, at: hostAt }], unit.at),
            subject,
            symptom: symptomLine(SYMPTOM.scuFails, SYMPTOM.missingOnHost),
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
    stack.push(...n.children);
  }
  return undefined;
}
