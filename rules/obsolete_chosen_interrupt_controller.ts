/** obsolete_chosen_interrupt_controller (dtc): /chosen has an `interrupt-controller` property. */
import { getProperty } from '../src/dts/query.js';
import { defineDtcCheck, dtcCheck, type DtcProblem } from './support/dtc.js';

const messages = { obsolete: '/chosen has obsolete "interrupt-controller" property' } as const;

/**
 * dtc's check_obsolete_chosen_interrupt_controller: `WARNING(obsolete_chosen_interrupt_controller, ..., NULL)`.
 * dtc reports it at the root, naming the property (`/:interrupt-controller`), at the property's place.
 */
export const obsoleteChosenInterruptController = dtcCheck({
  name: 'obsolete_chosen_interrupt_controller',
  prerequisites: [],
  messages,
  problems(tree) {
    const chosen = tree.root.children.find((c) => c.name === 'chosen' && !c.generated);
    const prop = chosen ? getProperty(chosen, 'interrupt-controller') : undefined;
    return prop ? [{ node: tree.root, prop, messageId: 'obsolete' } satisfies DtcProblem<keyof typeof messages>] : [];
  },
});

export default defineDtcCheck({
  check: obsoleteChosenInterruptController,
  summary: 'dtc: /chosen has the obsolete "interrupt-controller" property',
  w1Only: false,
  symptoms: ['none in Linux today: the property is a leftover of old PowerPC trees'],
});
