import { RuleTester } from '../helpers/rule-tester.js';

const SOC = `/ {
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

const STALE = '/ { n { }; };\n&{/n} { /delete-property/ gone; };\n';
const KERNEL = '/virtual/kernel/include';

new RuleTester({ scope: 'source' }).run('delete-missing', {
  valid: [
    {
      name: 'deletions that remove what the included file defines',
      code: `/dts-v1/;\n#include "soc.dtsi"\n&fec1 {\n\t/delete-property/ iommus;\n};\n&soc {\n\t/delete-node/ phy;\n};\n/delete-node/ &smmu;\n`,
      files: { 'soc.dtsi': SOC },
    },
    { name: 'a deletion in a second / { } block', code: '/dts-v1/;\n/ { a = <1>; n { }; };\n/ {\n\t/delete-property/ a;\n\t/delete-node/ n;\n};\n' },
    {
      name: 'a deletion in a file reached through include dirs (not the user\'s)',
      code: '/dts-v1/;\n#include "stale.dtsi"\n',
      files: { [`${KERNEL}/stale.dtsi`]: STALE },
      options: { includeDirs: [KERNEL] },
    },
  ],
  invalid: [
    {
      name: 'a property or node that is not there (deleted twice, or never there)',
      code: `/dts-v1/;\n#include "soc.dtsi"\n&fec1 {\n\t/delete-property/ iommus;\n\t/delete-property/ iommus;\n\t/delete-property/ power-domains;\n\t/delete-node/ mdio;\n};\n`,
      files: { 'soc.dtsi': SOC },
      errors: [
        {
          messageId: 'property',
          data: { name: 'iommus', node: '/soc/ethernet@1000' },
          message: '/delete-property/ iommus deletes nothing: /soc/ethernet@1000 has no property iommus at this point',
          line: 5,
          column: 2,
        },
        { messageId: 'property', data: { name: 'power-domains', node: '/soc/ethernet@1000' }, line: 6, column: 2, endLine: 6, endColumn: 34 },
        { messageId: 'node', data: { name: 'mdio', node: '/soc/ethernet@1000' }, line: 7, column: 2 },
      ],
    },
    {
      name: 'a deletion inside a node\'s first definition, where dtc keeps it inert',
      code: '/dts-v1/;\n/ {\n\tdev {\n\t\tclocks = <1>;\n\t\t/delete-property/ clocks;\n\t\t/delete-node/ child;\n\t};\n};\n',
      errors: [
        { messageId: 'inertProperty', data: { name: 'clocks', node: '/dev' }, line: 5, column: 3 },
        { messageId: 'inertNode', data: { name: 'child', node: '/dev' }, line: 6, column: 3 },
      ],
    },
    {
      name: 'the same deletion in a file of the user\'s own tree',
      code: '/dts-v1/;\n#include "stale.dtsi"\n',
      files: { 'stale.dtsi': STALE },
      errors: [{ messageId: 'property', data: { name: 'gone', node: '/n' }, file: 'stale.dtsi', line: 2, column: 9 }],
    },
  ],
});
