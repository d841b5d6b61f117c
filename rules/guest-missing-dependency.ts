/**
 * guest-missing-dependency: the passed device's dependency closure needs something the guest lacks:
 * a supplier that is neither passed nor provided by the guest platform, a guest node that copies a
 * host device the host keeps, or no guest node for the passed device at all.
 */
import { nodePath } from '../src/dts/query.js';
import { anchorFor, nodeAnchor, notesBesides, qemuNote } from '../src/passthrough/anchors.js';
import type { HostDependency } from '../src/passthrough/pair-closure.js';
import { definePairRule } from '../src/passthrough/pair-rule.js';
import { SYMPTOM } from '../src/passthrough/symptoms.js';
import { chainLocations, edgeText, hex, listText, who } from './support/pair.js';

export default definePairRule({
  id: 'guest-missing-dependency',
  level: 'error',
  scope: 'pair',
  summary: "The passed device's dependency closure needs something the guest lacks",
  symptoms: [SYMPTOM.guestProbeFails],
  messages: {
    passToo: '{{consumer}} needs {{supplier}} ({{edge}}), which only passed devices use: pass it through too',
    shared: '{{consumer}} needs {{supplier}} ({{edge}}), which is neither passed through nor provided by the guest (the host keeps it{{others}})',
    disabled: '{{consumer}} needs {{supplier}} ({{edge}}), which is disabled on the host and not provided by the guest',
    noGuestScu: '{{consumer}} needs {{supplier}} ({{edge}}) of the host SCU, and the guest has no SCU node (fsl,imx-scu) to provide it',
    notInGuestScu: "{{consumer}} needs {{supplier}} ({{edge}}) of the host SCU, and the guest's SCU node has no counterpart of it",
    noGuestCopy: '{{consumer}} needs {{supplier}} ({{edge}}), a fixed clock or regulator the guest has no copy of',
    guestUsesHost: "the guest's {{consumer}} uses {{supplier}} ({{edge}}), a copy of host {{host}}, which is not passed through: the guest driver touches hardware it does not own",
    noCounterpart: 'the guest has no node for passed {{device}} ({{sysfs}}){{slot}}: no guest driver binds it',
  },
  check({ pair, report }) {
    const symptom = SYMPTOM.guestProbeFails;
    const seen = new Set<string>();
    for (const dep of pair.closure.host) {
      // Group members the set grew by are iommu-group-incomplete's to report.
      if (dep.class !== 'missing' && !(dep.class === 'grown' && dep.grown?.reason === 'sole-supplier')) continue;
      const { edge } = dep;
      const key = `${nodePath(edge.consumer)}\0${nodePath(edge.supplier)}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const device = pair.passedDeviceOf(dep.root);
      const at = anchorFor(pair, pair.host, edge.at, edge.consumer, device);
      const data = { consumer: who(edge.consumer), supplier: nodePath(edge.supplier), edge: edgeText(edge) };
      const related = notesBesides([{ message: `${edgeText(edge)} of ${who(edge.consumer)}`, at: edge.at }, ...qemuNote(device)], at);
      const base = { at, related, chain: chainLocations(dep.chain), subject: `${nodePath(edge.consumer)}:${edge.property}:${nodePath(edge.supplier)}`, symptom };
      const id = messageFor(dep);
      if (id === 'shared') report({ ...base, messageId: 'shared', data: { ...data, others: dep.sharedWith.length > 0 ? `: ${listText(dep.sharedWith.slice(0, 3).map(who))} use${dep.sharedWith.length === 1 ? 's' : ''} it` : '' } });
      else report({ ...base, messageId: id, data });
    }
    for (const dep of pair.closure.guest) {
      if (dep.class !== 'missing') continue;
      const { edge } = dep;
      const key = `guest\0${nodePath(edge.consumer)}\0${nodePath(edge.supplier)}`;
      if (seen.has(key)) continue;
      seen.add(key);
      report({
        at: edge.at,
        messageId: 'guestUsesHost',
        data: { consumer: who(edge.consumer), supplier: nodePath(edge.supplier), edge: edgeText(edge), host: dep.host ? nodePath(dep.host) : '?' },
        related: dep.host ? [{ message: `${nodePath(dep.host)} on the host`, at: nodeAnchor(pair, pair.host, dep.host) }] : [],
        subject: `guest:${nodePath(edge.consumer)}:${edge.property}:${nodePath(edge.supplier)}`,
        symptom,
      });
    }
    for (const d of pair.passed) {
      if (d.guest || !d.available) continue;
      const slot = d.placement?.slots[0];
      report({
        at: nodeAnchor(pair, pair.host, d.node, d),
        messageId: 'noCounterpart',
        data: { device: who(d.node), sysfs: d.sysfs, slot: slot ? ` (QEMU maps it at ${hex(slot.base)})` : '' },
        related: notesBesides(qemuNote(d), nodeAnchor(pair, pair.host, d.node, d)),
        subject: `${d.path}:guest`,
        symptom,
      });
    }
  },
});

function messageFor(dep: HostDependency): 'passToo' | 'shared' | 'disabled' | 'noGuestScu' | 'notInGuestScu' | 'noGuestCopy' {
  if (dep.class === 'grown') return 'passToo';
  switch (dep.why) {
    case 'disabled':
      return 'disabled';
    case 'no-guest-scu':
      return 'noGuestScu';
    case 'not-in-guest-scu':
      return 'notInGuestScu';
    case 'no-guest-copy':
      return 'noGuestCopy';
    default:
      return 'shared';
  }
}
