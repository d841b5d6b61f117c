/**
 * A node's DMA coherence as Linux 6.12 reads it from the devicetree (drivers/of/address.c
 * of_dma_is_coherent): the node, then its DMA parents (of_get_next_dma_parent: the `interconnects`
 * entry named "dma-mem", else the parent node); the first `dma-coherent` or `dma-noncoherent` found
 * decides, and with neither the answer is arm64's default, non-coherent (ARCH_DMA_DEFAULT_COHERENT is
 * not selected on arm64: kernel/dma/mapping.c dma_default_coherent). device_get_dma_attr asks the
 * same function for a DT device (drivers/of/property.c of_fwnode_device_get_dma_attr), and arm-smmu /
 * arm-smmu-v3 ask it for the SMMU node itself (arm_smmu_device_dt_probe).
 */
import type { Location } from '../dts/location.js';
import { getProperty, propertyStrings } from '../dts/query.js';
import type { Node } from '../dts/tree.js';
import { bindingById } from '../graph/bindings.js';
import { splitList, type SplitContext } from '../graph/split.js';

export interface Coherence {
  coherent: boolean;
  /** The property that decided, and its node; absent for the default. */
  at?: Location;
  property?: 'dma-coherent' | 'dma-noncoherent';
  from?: Node;
}

/** of_dma_is_coherent: the node and its DMA parents, first dma-coherent / dma-noncoherent wins, else non-coherent (arm64). */
export function dmaCoherence(node: Node, ctx: SplitContext): Coherence {
  const seen = new Set<Node>();
  for (let n: Node | undefined = node; n && !seen.has(n); n = dmaParent(n, ctx)) {
    seen.add(n);
    for (const property of ['dma-coherent', 'dma-noncoherent'] as const) {
      const prop = getProperty(n, property);
      if (prop) return { coherent: property === 'dma-coherent', at: prop.at, property, from: n };
    }
  }
  return { coherent: false };
}

/** __of_get_dma_parent: the `interconnects` provider named "dma-mem", else the parent node. */
function dmaParent(node: Node, ctx: SplitContext): Node | undefined {
  const names = getProperty(node, 'interconnect-names');
  const index = names ? (propertyStrings(names) ?? []).indexOf('dma-mem') : -1;
  const prop = index >= 0 ? getProperty(node, 'interconnects') : undefined;
  if (prop) {
    const entry = splitList(node, prop, bindingById('interconnects')!, ctx).entries[index];
    if (entry?.provider && !entry.problem) return entry.provider;
  }
  return node.parent ?? undefined;
}
