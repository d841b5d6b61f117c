/** deprecated_gpio_property (dtc, only with -Wdeprecated_gpio_property): `*-gpio` where `*-gpios` is meant. */
import { defineDtcCheck, dtcCheck, type DtcProblem, forEachNode } from './support/dtc.js';
import { isGpioProperty } from './gpios_property.js';

const messages = { deprecated: "'[*-]gpio' is deprecated, use '[*-]gpios' instead" } as const;

/** dtc's check_deprecated_gpio_property: `CHECK(deprecated_gpio_property, ..., NULL)`, no prerequisite. */
export const deprecatedGpioProperty = dtcCheck({
  name: 'deprecated_gpio_property',
  prerequisites: [],
  messages,
  problems(tree) {
    const out: DtcProblem<keyof typeof messages>[] = [];
    forEachNode(tree, (node) => {
      for (const prop of node.properties) if (isGpioProperty(prop) && prop.name.endsWith('gpio')) out.push({ node, prop, messageId: 'deprecated' });
    });
    return out;
  },
});

export default defineDtcCheck({
  check: deprecatedGpioProperty,
  summary: "dtc (only when asked for): a GPIO property named '*-gpio' instead of '*-gpios'",
  w1Only: false,
  askedOnly: true,
});
