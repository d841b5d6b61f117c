/** passthrough-unknown-device: a device to pass names no enabled host node. */
import type { Location } from '../src/dts/location.js';
import { nodePath } from '../src/dts/query.js';
import { sysfsName } from '../src/graph/address.js';
import { anchorFor, definitionNotes, inactiveOverrides, nodeAnchor, notesBesides } from '../src/passthrough/anchors.js';
import { type PairModel, type UnknownDevice } from '../src/passthrough/pair.js';
import { statusAt } from '../src/passthrough/availability.js';
import { definePairRule } from './support/pair-rule.js';
import { SYMPTOM, symptomLine } from '../src/passthrough/symptoms.js';

export default definePairRule({
  id: 'passthrough-unknown-device',
  level: 'error',
  scope: 'pair',
  summary: 'A device to pass (QEMU `host=`, `--pass`) names no enabled host node',
  symptoms: [SYMPTOM.qemuRefuses, SYMPTOM.bindFails],
  messages: {
    noNode: 'host={{name}} names no device of the host tree (no node has that sysfs name): QEMU refuses to start{{hint}}',
    notSysfs: 'host={{name}} is not a sysfs device name: {{detail}}; QEMU refuses it',
    disabled: '{{name}} names {{path}}, which is disabled ({{detail}}): Linux creates no platform device for it, so vfio-platform has nothing to bind',
    noHost: '{{detail}}: QEMU refuses the device',
    duplicate: 'host={{name}} is passed twice ({{detail}}): QEMU refuses the second one',
  },
  check({ pair, report }) {
    for (const u of pair.unknown) {
      const at = where(pair, u);
      switch (u.reason) {
        case 'no-node':
          report({ at, messageId: 'noNode', data: { name: u.name, hint: hint(pair, u.name) }, symptom: SYMPTOM.qemuRefuses, subject: `qemu:${u.name}` });
          break;
        case 'not-sysfs':
          report({ at, messageId: 'notSysfs', data: { name: u.name, detail: u.detail }, symptom: SYMPTOM.qemuRefuses, subject: `qemu:${u.name}`, related: u.node ? definitionNotes(pair, u.node) : [] });
          break;
        case 'disabled': {
          const node = u.node!;
          const status = statusAt(node);
          report({
            at,
            messageId: 'disabled',
            data: { name: u.name, path: nodePath(node), detail: u.detail },
            symptom: symptomLine(SYMPTOM.bindFails, SYMPTOM.qemuRefuses),
            subject: `${nodePath(node)}:status`,
            related: notesBesides(
              [
                ...(status ? [{ message: 'disabled here', at: status }] : []),
                ...inactiveOverrides(pair.host, node, pair.sources).map((o) => ({ message: `an override of ${node.labels[0]?.name ?? node.name} here is not active (inside a comment?)`, at: o })),
                ...definitionNotes(pair, node),
              ],
              at,
            ),
          });
          break;
        }
        case 'no-host':
          report({ at, messageId: 'noHost', data: { detail: u.detail }, symptom: SYMPTOM.qemuRefuses });
          break;
        case 'duplicate':
          report({ at, messageId: 'duplicate', data: { name: u.name, detail: u.detail }, symptom: SYMPTOM.qemuRefuses, subject: `qemu:${u.name}:duplicate` });
          break;
      }
    }
  },
});

/** The QEMU argument, else the disabling status where the user wrote it, else the node. */
function where(pair: PairModel, u: UnknownDevice): Location {
  if (u.qemu) return u.qemu.propAt['host'] ?? u.qemu.propAt['sysfsdev'] ?? u.qemu.at;
  const node = u.node!;
  const status = statusAt(node);
  return status ? anchorFor(pair, pair.host, status, node) : nodeAnchor(pair, pair.host, node);
}

/** A device at the same address under another name: the likely meant one. */
function hint(pair: PairModel, name: string): string {
  const m = /^([0-9a-f]+)\./.exec(name);
  if (!m) return '';
  const address = BigInt(`0x${m[1]}`);
  const same = pair.host.index.addressed.filter((a) => a.cpu === address).map((a) => a.node);
  if (same.length === 0) return '';
  return `; did you mean ${[...new Set(same.map((n) => sysfsName(n)))].join(' or ')}?`;
}
