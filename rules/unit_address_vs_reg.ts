/** unit_address_vs_reg (dtc, kernel W=1): a unit address without reg/ranges, or reg/ranges without one. */
import { getProperty } from '../src/dts/query.js';
import type { Tree } from '../src/dts/tree.js';
import { defineDtcCheck, type DtcProblem, forEachNode, unitName } from './support/dtc.js';

/** dtc's check_unit_address_vs_reg. */
export function unitAddressVsRegProblems(tree: Tree): DtcProblem[] {
  const out: DtcProblem[] = [];
  forEachNode(tree, (node) => {
    // dtc's hack: overlay fragments are a special case.
    if (node.children.some((c) => c.name === '__overlay__')) return;
    let prop = getProperty(node, 'reg');
    if (!prop) {
      prop = getProperty(node, 'ranges');
      if (prop && prop.value.length === 0) prop = undefined;
    }
    const unit = unitName(node);
    if (prop && !unit) out.push({ node, message: 'node has a reg or ranges property, but no unit name' });
    if (!prop && unit) out.push({ node, message: 'node has a unit name, but no reg or ranges property' });
  });
  return out;
}

export default defineDtcCheck({
  id: 'unit_address_vs_reg',
  summary: 'dtc (W=1): a node has a unit address but no reg or ranges, or reg or ranges but no unit address',
  w1Only: true,
  symptoms: ['the sysfs device name is not <address>.<name> as expected'],
  problems: unitAddressVsRegProblems,
});
