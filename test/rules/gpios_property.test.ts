import { describe, expect, it } from '@jest/globals';
import { rules } from '../../rules/index.js';
import { RuleTester } from '../helpers/rule-tester.js';

// Messages are dtc 1.6.1's on the same text (dtc -Wdeprecated_gpio_property).
const TEXT =
  '/dts-v1/;\n/ {\n\tgpio: gpio { gpio-controller; #gpio-cells = <2>; };\n\thog { gpio-hog; gpios = <5 0>; };\n\tdev {\n' +
  '\t\treset-gpios = <&gpio 5>;\n\t\tenable-gpio = <&gpio 1 0>;\n\t\tsnps,nr-gpios = <3>;\n\t\tcs-gpios = <0>, <&gpio 3 0>;\n\t};\n};\n';

new RuleTester({ scope: 'source' }).run('gpios_property', {
  valid: [
    {
      name: "a hog's gpios, a *,nr-gpios count, an empty entry (0) and whole entries",
      code: '/dts-v1/;\n/ {\n\tgpio: gpio { gpio-controller; #gpio-cells = <2>; hog { gpio-hog; gpios = <5 0>; }; };\n\tdev { snps,nr-gpios = <3>; cs-gpios = <0>, <&gpio 3 0>; gpio = <&gpio 1 0>; };\n};\n',
    },
  ],
  invalid: [
    {
      name: 'an entry cut short',
      code: TEXT,
      errors: [{ messageId: 'tooSmall', data: { where: '/dev:reset-gpios', size: 8, cellsize: 2 }, message: '/dev:reset-gpios: property size (8) too small for cell size 2', line: 6, column: 3 }],
    },
  ],
});

new RuleTester({ scope: 'source' }).run('deprecated_gpio_property', {
  valid: [{ name: '*-gpios, gpios and *,nr-gpios', code: '/dts-v1/;\n/ {\n\tdev { reset-gpios = <0>; gpios = <0>; snps,nr-gpios = <3>; };\n};\n' }],
  invalid: [
    {
      name: '*-gpio, when turned on',
      code: TEXT,
      errors: [{ messageId: 'deprecated', data: { where: '/dev:enable-gpio' }, message: "/dev:enable-gpio: '[*-]gpio' is deprecated, use '[*-]gpios' instead", line: 7, column: 3 }],
    },
  ],
});

describe('deprecated_gpio_property', () => {
  it('is off by default: a CHECK() that no kernel warning level asks for', () => {
    expect(rules.find((r) => r.id === 'deprecated_gpio_property')!.level).toBe('off');
  });
});
