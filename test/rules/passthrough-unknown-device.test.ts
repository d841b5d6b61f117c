import { describe, expect, it } from '@jest/globals';
import { RuleTester } from '../helpers/rule-tester.js';
import { checkFiles, edit, example } from './pair-harness.js';

const ID = 'passthrough-unknown-device';
const run = { rules: [ID] };

new RuleTester({ scope: 'pair' }).run(ID, {
  valid: [
    { name: 'the fixed example: every -device names an enabled node by its sysfs name', files: example('fixed') },
    { name: '--pass by label and by path', files: example('fixed'), spec: { pass: ['eth0', '/bus@5b000000/clock-controller@5b230000'] } },
  ],
  invalid: [
    {
      name: 'a sysfs name that matches nothing, with the device at that address as a hint (the example)',
      files: example(),
      errors: [
        {
          messageId: 'noNode',
          data: { name: '5b050000.eth', hint: '; did you mean 5b050000.ethernet?' },
          message: 'host=5b050000.eth names no device of the host tree (no node has that sysfs name): QEMU refuses to start; did you mean 5b050000.ethernet?',
          file: 'qemu-args.txt',
          line: 7,
          column: 27,
          endLine: 7,
          endColumn: 44,
        },
      ],
    },
    {
      name: 'host= by label',
      files: edit(example('fixed'), 'qemu-args.txt', 'host=5b040000.ethernet', 'host=eth0'),
      errors: [
        {
          messageId: 'notSysfs',
          data: { name: 'eth0', detail: 'it is a label; Linux calls /bus@5b000000/ethernet@5b040000 5b040000.ethernet' },
          message: 'host=eth0 is not a sysfs device name: it is a label; Linux calls /bus@5b000000/ethernet@5b040000 5b040000.ethernet; QEMU refuses it',
          file: 'qemu-args.txt',
          line: 5,
          column: 27,
        },
      ],
    },
    {
      name: 'a disabled node named by --pass points at its status',
      files: example('fixed'),
      spec: { pass: ['eth1'] },
      errors: [
        {
          messageId: 'disabled',
          data: { name: 'eth1', path: '/bus@5b000000/ethernet@5b050000', detail: 'status "disabled"' },
          message: 'eth1 names /bus@5b000000/ethernet@5b050000, which is disabled (status "disabled"): Linux creates no platform device for it, so vfio-platform has nothing to bind',
          file: 'host.dts',
          line: 39,
          column: 2,
        },
      ],
    },
    {
      name: 'the same device twice',
      files: edit(example('fixed'), 'qemu-args.txt', '-device vfio-platform,host=5d1d0000.mailbox', '-device vfio-platform,host=5d1d0000.mailbox -device vfio-platform,host=5d1d0000.mailbox'),
      errors: [
        {
          messageId: 'duplicate',
          data: { name: '5d1d0000.mailbox', detail: 'an earlier -device already takes it' },
          message: 'host=5d1d0000.mailbox is passed twice (an earlier -device already takes it): QEMU refuses the second one',
          file: 'qemu-args.txt',
          line: 6,
          column: 71,
        },
      ],
    },
  ],
});

// What the tester does not compare: notifications and symptoms.
describe(`${ID}: notifications and symptoms`, () => {
  it('--pass by label and by path reads without a notification', () => {
    const r = checkFiles(example('fixed'), { ...run, spec: { pass: ['eth0', '/bus@5b000000/clock-controller@5b230000'] } });
    expect(r.notifications).toEqual([]);
  });

  it('a sysfs name that matches nothing: QEMU refuses the device', () => {
    expect(checkFiles(example(), run).findings.map((f) => f.symptom)).toEqual(['QEMU refuses the device']);
  });

  it('a disabled node named by --pass: the bind fails', () => {
    expect(checkFiles(example('fixed'), { ...run, spec: { pass: ['eth1'] } }).findings.map((f) => f.symptom)).toEqual(['vfio-platform bind fails: QEMU refuses the device']);
  });

  it('a --pass name that matches nothing fails the run instead', () => {
    const r = checkFiles(example('fixed'), { ...run, spec: { pass: ['nosuch'] } });
    expect(r.notifications).toEqual([{ severity: 'fatal', message: '--pass nosuch: no node nosuch: not a label, path, alias or sysfs name in this tree' }]);
  });
});
