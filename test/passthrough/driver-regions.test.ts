import { describe, expect, it } from '@jest/globals';
import { compileDts } from '../../src/dts/compile.js';
import { findNodeByPath } from '../../src/dts/query.js';
import { SourceHost } from '../../src/dts/source.js';
import { regionsNeeded } from '../../src/passthrough/driver-regions.js';

/** The node at `path` of a tree compiled from `text`. */
function node(text: string, path: string) {
  const tree = compileDts('/t/guest.dts', { host: new SourceHost(new Map([['/t/guest.dts', text]])) }).tree!;
  return findNodeByPath(tree, path)!;
}

describe('regions a guest driver maps in its probe', () => {
  it('amd-xgbe: five with the PHY in the same node, two with a separate PHY device (phy-handle)', () => {
    const same = node('/dts-v1/;\n/ { xgmac@0 { compatible = "amd,xgbe-seattle-v1a"; }; };\n', '/xgmac@0');
    expect(regionsNeeded(same)).toEqual({ driver: 'net/ethernet/amd/xgbe/xgbe-platform', probe: 'xgbe_platform_probe', regions: 5, compatible: 'amd,xgbe-seattle-v1a' });
    const split = node('/dts-v1/;\n/ { phy: phy@1 { }; xgmac@0 { compatible = "amd,xgbe-seattle-v1a"; phy-handle = <&phy>; }; };\n', '/xgmac@0');
    expect(regionsNeeded(split)?.regions).toBe(2);
  });

  it('is decided by the first compatible only; a driver not listed needs nothing known', () => {
    expect(regionsNeeded(node('/dts-v1/;\n/ { e@0 { compatible = "amlogic,meson-g12a-dwmac", "snps,dwmac"; }; };\n', '/e@0'))?.regions).toBe(2);
    expect(regionsNeeded(node('/dts-v1/;\n/ { e@0 { compatible = "snps,dwmac", "amlogic,meson-g12a-dwmac"; }; };\n', '/e@0'))).toBeUndefined();
    expect(regionsNeeded(node('/dts-v1/;\n/ { u@0 { compatible = "fsl,imx8mp-dwc3"; }; };\n', '/u@0'))).toBeUndefined();
  });
});
