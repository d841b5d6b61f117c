/** unit_address_vs_reg (dtc, kernel W=1): a unit address without reg/ranges, or reg/ranges without one. */
import { getProperty } from '../src/dts/query.js';
import { defineDtcCheck, dtcCheck, type DtcProblem, forEachNode, unitName } from './support/dtc.js';

const messages = {
  noUnitName: 'node has a reg or ranges property, but no unit name',
  noReg: 'node has a unit name, but no reg or ranges property',
} as const;

/** dtc's check_unit_address_vs_reg: `WARNING(unit_address_vs_reg, check_unit_address_vs_reg, NULL)`, no prerequisite. */
export const unitAddressVsReg = dtcCheck({
  name: 'unit_address_vs_reg',
  prerequisites: [],
  messages,
  problems(tree) {
    const out: DtcProblem<keyof typeof messages>[] = [];
    forEachNode(tree, (node) => {
      // dtc's hack: overlay fragments are a special case.
      if (node.children.some((c) => c.name === '__overlay__')) return;
      let prop = getProperty(node, 'reg');
      if (!prop) {
        prop = getProperty(node, 'ranges');
        if (prop && prop.value.length === 0) prop = undefined;
      }
      const unit = unitName(node);
      if (prop && !unit) out.push({ node, messageId: 'noUnitName' });
      if (!prop && unit) out.push({ node, messageId: 'noReg' });
    });
    return out;
  },
});

export default defineDtcCheck({
  check: unitAddressVsReg,
  summary: 'dtc (W=1): a node has a unit address but no reg or ranges, or reg or ranges but no unit address',
  w1Only: true,
  symptoms: ['the sysfs device name is not <address>.<name> as expected'],
});
