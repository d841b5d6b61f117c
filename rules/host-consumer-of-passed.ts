/**
 * host-consumer-of-passed: an enabled host node still depends on a passed device (fec2 on fec1's MDIO
 * bus). The reverse edges come from the pair closure: a node's parent bus is no such dependency, nor
 * an edge fw_devlink ignores (post-init-providers), nor a node inside the passed device.
 */
import { getProperty, nodePath } from '../src/dts/query.js';
import type { Node } from '../src/dts/tree.js';
import type { PairModel } from '../src/passthrough/pair.js';
import { anchorFor, notesBesides, qemuNote, userDefinitions } from '../src/passthrough/anchors.js';
import { definePairRule } from './support/pair-rule.js';
import { SYMPTOM } from '../src/passthrough/symptoms.js';
import { who } from './support/pair.js';
import { describeEdge } from '../src/graph/closure.js';

export default definePairRule({
  id: 'host-consumer-of-passed',
  level: 'warning',
  scope: 'pair',
  summary: 'An enabled host node still depends on a passed device',
  symptoms: [SYMPTOM.missingOnHost],
  messages: {
    consumer:
      '{{consumer}} still depends on passed {{device}} ({{edge}} -> {{supplier}}): once {{sysfs}} belongs to the guest, no host driver provides it, so {{consumer}} loses it on the host; {{fix}}',
    graphLink:
      "{{consumer}} is linked to passed {{device}} by a graph endpoint ({{edge}} -> {{supplier}}): once {{sysfs}} belongs to the guest, no host driver serves that end of the link, so a host pipeline through it (if {{consumer}}'s driver builds one) does not come up; {{fix}}",
  },
  check({ pair, report }) {
    const seen = new Set<string>();
    for (const { edge, device } of pair.closure.consumers) {
      const key = `${nodePath(edge.consumer)}\0${edge.property}\0${edge.index}`;
      if (seen.has(key)) continue;
      seen.add(key);
      // The user's own reference or node when there is one, else the reference in the kernel's file.
      const at = userDefinitions(pair.host, edge.consumer).length > 0 ? anchorFor(pair, pair.host, edge.at, edge.consumer) : edge.at;
      report({
        at,
        // fw_devlink links both ends of a graph link (parse_remote_endpoint), so which end needs the
        // other is the drivers' business: said as a condition.
        messageId: edge.binding.layout === 'graph-endpoint' ? 'graphLink' : 'consumer',
        data: { consumer: who(edge.consumer), device: who(device.node), edge: describeEdge(edge), supplier: nodePath(edge.supplier), sysfs: device.sysfs, fix: fixFor(pair, edge.consumer, device.node) },
        related: notesBesides([{ message: `${describeEdge(edge)} of ${who(edge.consumer)}`, at: edge.at }, ...qemuNote(device)], at),
        chain: [edge.at],
        subject: `${nodePath(edge.consumer)}:${edge.property}`,
        symptom: SYMPTOM.missingOnHost,
      });
    }
  },
});

/** Pass the consumer too only when vfio-platform could take it: it has registers and an IOMMU group. */
function fixFor(pair: PairModel, consumer: Node, device: Node): string {
  const passable = getProperty(consumer, 'reg') !== undefined && pair.groupsOf(consumer).length > 0;
  return passable ? `pass it too or disable it, or keep ${who(device)} on the host` : `disable it, or keep ${who(device)} on the host`;
}
