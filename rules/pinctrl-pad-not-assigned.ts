/**
 * pinctrl-pad-not-assigned: the guest configures a pad its partition does not own (the SCU firmware
 * refuses it), or a host pin group still claims a pad the partition gives to the guest.
 */
import { nodePath } from '../src/dts/query.js';
import { anchorFor, notesBesides } from '../src/passthrough/anchors.js';
import { imxPinGroups, type PinGroup } from '../src/passthrough/imx-pads.js';
import { isAvailable } from '../src/passthrough/availability.js';
import { definePairRule } from './support/pair-rule.js';
import { SYMPTOM, symptomLine } from '../src/passthrough/symptoms.js';
import { numberedName, who } from './support/pair.js';
import { counted, listText } from '../src/dts/message-text.js';

export default definePairRule({
  id: 'pinctrl-pad-not-assigned',
  level: 'error',
  scope: 'pair',
  summary: "The guest configures a pad that is not in the partition's pads, or the host still claims one that is",
  symptoms: [SYMPTOM.padsUnconfigurable],
  softMessages: ['hostClaims'],
  messages: {
    guestPad:
      'the guest configures pad {{pad}} ({{number}}), which {{partition}} pads does not give it: the SCU firmware refuses the call, so the pin state of {{users}} stops at this pad ("Error applying setting"){{after}}',
    hostClaims:
      'host pin group {{group}} still claims {{pads}}, which {{partition}} pads gives to the guest: once the guest partition owns them the SCU firmware refuses the host\'s calls, so the pin state of {{users}} fails to apply on the host',
  },
  check({ pair, report }) {
    const partition = pair.partition;
    if (!partition) return;
    const pads = new Map(partition.pads.map((c) => [c.value, c]));
    const padsAt = partition.properties.pads?.at ?? partition.node.definedAt[0]!;

    for (const group of usedGroups(imxPinGroups(pair.guest.tree, pair.padNames).groups)) {
      for (let index = 0; index < group.pins.length; index++) {
        const pin = group.pins[index]!;
        if (pads.has(pin.pad)) continue;
        const after = group.pins.length - index - 1;
        const related = notesBesides(
          [{ message: `${partition.path} pads lists the pads the guest owns`, at: padsAt }, ...group.users.filter((u) => u.enabled).map((u) => ({ message: `${who(u.node)} uses ${group.node.name}`, at: u.at }))],
          pin.at,
        );
        report({
          at: pin.at,
          messageId: 'guestPad',
          data: { pad: numberedName({ value: pin.pad, at: pin.at, ...(pin.name !== undefined ? { name: pin.name } : {}) }), number: pin.pad, partition: partition.path, users: usersText(group), after: after === 0 ? '' : `: the ${after === 1 ? 'pad' : counted(after, 'pad')} after it in ${group.node.name} stay unconfigured` },
          related,
          subject: `guest:${group.path}:fsl,pins:${pin.pad}`,
          symptom: symptomLine(SYMPTOM.padsUnconfigurable),
        });
      }
    }

    for (const group of usedGroups(imxPinGroups(pair.host.tree, pair.padNames).groups)) {
      const claimed = group.pins.filter((pin) => pads.has(pin.pad));
      if (claimed.length === 0) continue;
      const first = claimed[0]!;
      const at = anchorFor(pair, pair.host, first.at, group.node);
      const names = claimed.map((pin) => pin.name ?? numberedName(pads.get(pin.pad)!));
      const related = notesBesides(
        [
          ...claimed.map((pin) => ({ message: `${partition.path} pads gives ${numberedName(pads.get(pin.pad)!)} to the guest here`, at: pads.get(pin.pad)!.at })),
          ...claimed.map((pin) => ({ message: `${pin.name ?? pin.pad} in ${group.node.name}`, at: pin.at })),
          ...group.users.filter((u) => u.enabled).map((u) => ({ message: `${who(u.node)} uses ${group.node.name}`, at: u.at })),
        ],
        at,
      );
      report({
        at,
        messageId: 'hostClaims',
        data: { group: group.node.name, pads: listText(names), partition: partition.path, users: usersText(group) },
        related,
        subject: `host:${group.path}:fsl,pins`,
        symptom: symptomLine(SYMPTOM.padsUnconfigurable),
      });
    }
  },
});

/** Groups that take effect: some enabled node selects them through pinctrl-N. */
function usedGroups(groups: PinGroup[]): PinGroup[] {
  return groups.filter((g) => g.users.some((u) => u.enabled && isAvailable(u.node)));
}

function usersText(group: PinGroup): string {
  const users = [...new Set(group.users.filter((u) => u.enabled).map((u) => who(u.node)))];
  return users.length > 0 ? listText(users) : nodePath(group.node);
}

