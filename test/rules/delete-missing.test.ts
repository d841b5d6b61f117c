import { describe, expect, it } from '@jest/globals';
import { compileDts } from '../../src/dts/index.js';
import { brief, lintWith, VDIR } from './harness.js';

const FILE = `${VDIR}/board.dts`;
const SOC = `${VDIR}/soc.dtsi`;

const SOC_TEXT = `/ {
	soc: soc {
		fec1: ethernet@1000 {
			iommus = <&smmu 0x12>;
			phy-handle = <&phy0>;
		};
		smmu: iommu@2000 { #iommu-cells = <1>; };
		phy0: phy { };
	};
};
`;

function lintText(text: string, files: Record<string, string> = {}) {
  return lintWith(compileDts, { [FILE]: text, ...files }, FILE, ['delete-missing']);
}

describe('delete-missing', () => {
  describe('valid', () => {
    it('deletions that remove what the included file defines', () => {
      const text = `/dts-v1/;\n#include "soc.dtsi"\n&fec1 {\n\t/delete-property/ iommus;\n};\n&soc {\n\t/delete-node/ phy;\n};\n/delete-node/ &smmu;\n`;
      expect(lintText(text, { [SOC]: SOC_TEXT }).findings).toEqual([]);
    });

    it('a deletion in a second / { } block', () => {
      const text = '/dts-v1/;\n/ { a = <1>; n { }; };\n/ {\n\t/delete-property/ a;\n\t/delete-node/ n;\n};\n';
      expect(lintText(text).findings).toEqual([]);
    });
  });

  describe('invalid', () => {
    it('a property or node that is not there (deleted twice, or never there)', () => {
      const text = `/dts-v1/;\n#include "soc.dtsi"\n&fec1 {\n\t/delete-property/ iommus;\n\t/delete-property/ iommus;\n\t/delete-property/ power-domains;\n\t/delete-node/ mdio;\n};\n`;
      const result = lintText(text, { [SOC]: SOC_TEXT });
      expect(brief(result.findings)).toEqual([
        '5:2 delete-missing: /delete-property/ iommus deletes nothing: /soc/ethernet@1000 has no property iommus at this point',
        '6:2 delete-missing: /delete-property/ power-domains deletes nothing: /soc/ethernet@1000 has no property power-domains at this point',
        '7:2 delete-missing: /delete-node/ mdio deletes nothing: /soc/ethernet@1000 has no child node mdio at this point',
      ]);
      expect(result.findings[1]!.at).toMatchObject({ line: 6, column: 2, endLine: 6, endColumn: 34 });
    });

    it('a deletion inside a node\'s first definition, where dtc keeps it inert', () => {
      const text = '/dts-v1/;\n/ {\n\tdev {\n\t\tclocks = <1>;\n\t\t/delete-property/ clocks;\n\t\t/delete-node/ child;\n\t};\n};\n';
      expect(brief(lintText(text).findings)).toEqual([
        '5:3 delete-missing: /delete-property/ clocks has no effect inside the first definition of /dev: dtc only deletes from a node defined earlier',
        '6:3 delete-missing: /delete-node/ child has no effect inside the first definition of /dev: dtc only deletes from a node defined earlier',
      ]);
    });

    it('reports only in the user\'s files, not in files reached through include dirs', () => {
      const kernel = '/virtual/kernel/include/stale.dtsi';
      const text = '/dts-v1/;\n#include "stale.dtsi"\n';
      const result = lintWith(
        compileDts,
        { [FILE]: text, [kernel]: '/ { n { }; };\n&{/n} { /delete-property/ gone; };\n' },
        FILE,
        ['delete-missing'],
        { includeDirs: ['/virtual/kernel/include'] },
      );
      expect(result.findings).toEqual([]);
      // The same file in the user's tree is reported.
      const own = `${VDIR}/stale.dtsi`;
      const mine = lintWith(compileDts, { [FILE]: text, [own]: '/ { n { }; };\n&{/n} { /delete-property/ gone; };\n' }, FILE, ['delete-missing']);
      expect(brief(mine.findings)).toEqual(['2:9 delete-missing: /delete-property/ gone deletes nothing: /n has no property gone at this point']);
    });
  });
});
