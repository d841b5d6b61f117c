/** gpios_property (dtc): a `*-gpios` list does not fit its controllers' `#gpio-cells`, names no node, or has a number where a phandle belongs. */
import { getProperty } from '../src/dts/query.js';
import type { Property } from '../src/dts/tree.js';
import { defineDtcCheck, dtcCheck, type DtcProblem, forEachNode } from './support/dtc.js';
import { phandleArgsMessages, phandleArgsProblems, type PhandleArgsMessage, phandleReferences } from './support/dtc-phandles.js';

/** dtc's prop_is_gpio: `gpios`, `gpio`, `*-gpios`, `*-gpio`, but not `*,nr-gpios`. */
export function isGpioProperty(prop: Property): boolean {
  const name = prop.name;
  if (name.endsWith(',nr-gpios')) return false;
  return name.endsWith('-gpios') || name === 'gpios' || name.endsWith('-gpio') || name === 'gpio';
}

/** dtc's check_gpios_property: `WARNING(gpios_property, check_gpios_property, NULL, &phandle_references)`. */
export const gpiosProperty = dtcCheck({
  name: 'gpios_property',
  prerequisites: [phandleReferences],
  messages: phandleArgsMessages,
  problems(tree) {
    const out: DtcProblem<PhandleArgsMessage>[] = [];
    forEachNode(tree, (node) => {
      // A GPIO hog's `gpios` holds specifiers of its own controller, without phandles.
      if (getProperty(node, 'gpio-hog')) return;
      for (const prop of node.properties) if (isGpioProperty(prop)) out.push(...phandleArgsProblems(tree, node, prop, '#gpio-cells', false));
    });
    return out;
  },
});

export default defineDtcCheck({
  check: gpiosProperty,
  summary: "dtc: a *-gpios list does not fit its controllers' #gpio-cells, names no node, or has a number where a phandle belongs",
  w1Only: false,
  symptoms: ['the driver gets the wrong GPIO or none, and fails to probe'],
});
