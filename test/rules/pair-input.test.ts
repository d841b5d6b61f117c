import { describe, expect, it } from '@jest/globals';
import { RuleTester } from '../helpers/rule-tester.js';
import { checkFiles, edit, example } from './pair-harness.js';

const ID = 'pair-input';
const fixed = () => example('fixed');
/** The fixed pair's QEMU line without its vfio-platform devices. */
const noVfio = () =>
  edit(
    fixed(),
    'qemu-args.txt',
    '    -device vfio-platform,host=5b230000.clock-controller \\\n    -device vfio-platform,host=5b040000.ethernet \\\n    -device vfio-platform,host=5d1d0000.mailbox',
    '    -usb',
  );
/** A -device JSON argument whose quote never closes. */
const unclosed = () => edit(fixed(), 'qemu-args.txt', '-device vfio-platform,host=5d1d0000.mailbox', `-device '{"driver": "vfio-platform", "host": "5d1d0000.mailbox"`);

new RuleTester({ scope: 'pair' }).run(ID, {
  valid: [
    { name: 'the fixed example: every input reads cleanly', files: fixed() },
    { name: 'a QEMU line without vfio devices when --pass names them', files: noVfio(), spec: { pass: ['eth0'] } },
  ],
  invalid: [
    {
      // The JSON error's wording is the JavaScript engine's: its data is checked below by its start.
      name: 'a QEMU line the shell cannot split: an error where the quote opens, and the JSON that does not parse',
      files: unclosed(),
      errors: [
        { messageId: 'qemu', file: 'qemu-args.txt', line: 6, column: 13, level: 'error' },
        {
          messageId: 'qemu',
          data: { problem: 'unterminated single quote' },
          message: 'QEMU arguments: unterminated single quote',
          file: 'qemu-args.txt',
          line: 6,
          column: 13,
          level: 'error',
        },
      ],
    },
    {
      name: 'a QEMU line that passes nothing to vfio-platform: a warning at its start',
      files: noVfio(),
      errors: [{ messageId: 'noVfioDevice', line: 1, column: 1, level: 'warning' }],
    },
    {
      name: 'a kernel config with a line that is no config line',
      files: edit(fixed(), 'host.config', 'CONFIG_VFIO=y', 'VFIO=y\nCONFIG_VFIO=y'),
      errors: [{ messageId: 'kconfigDoubt', line: 1, column: 1, level: 'warning' }],
    },
    {
      name: 'a kernel config with no option at all',
      files: { ...fixed(), 'host.config': '# nothing here\n' },
      errors: [{ messageId: 'emptyKconfig', line: 1, column: 1, level: 'warning' }],
    },
    {
      name: 'a partition node whose rsrcs is a string: an error at the property',
      files: edit(fixed(), 'host.dts', 'rsrcs = <ACME_R_MU_2A ACME_R_ENET_0>;', 'rsrcs = "MU_2A";'),
      errors: [
        { messageId: 'partitionDoubt', line: 22, column: 21, level: 'warning' },
        { messageId: 'partition', line: 23, column: 4, level: 'error' },
      ],
    },
  ],
});

describe(`${ID}: the JSON error`, () => {
  it('says the -device JSON does not parse (in the JavaScript engine\'s words)', () => {
    const messages = checkFiles(unclosed(), { rules: [ID] }).findings.map((f) => f.message);
    expect(messages[0]).toMatch(/^QEMU arguments: -device JSON: /);
  });
});
