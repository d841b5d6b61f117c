/**
 * The JSON schema of `dtlint.config.json`. It is built from the rule registry's ids, so that editors
 * complete rule names and a misspelt one is an error; docs/config.schema.json is this object,
 * written out (test/config/schema.test.ts checks that they agree).
 */
import { CONFIGURED_LEVELS } from '../lint/finding.js';

/** scripts/Makefile.dtbs: W=1 and W=2 are independent extra sets (`make W=12` for both), as for the compiler. */
export const DTC_WARNING_SETS = ['kernel', 'W=1', 'W=2', 'W=12'] as const;

/** Platform-bus geometry of QEMU's `virt` machine (hw/arm/virt.c): 32 MiB at 0xc000000, 64 SPIs from 112. */
export const DEFAULT_PLATFORM_BUS = { base: 0xc000000n, size: 0x2000000n, firstSpi: 112, spiCount: 64 } as const;

/** JSON values, as a schema is one. */
export type Json = string | number | boolean | null | readonly Json[] | { readonly [key: string]: Json };

const ADDRESS_DESCRIPTION = 'a non-negative integer or a hex string such as "0xc000000"';

export function configSchema(ruleIds: readonly string[]): { readonly [key: string]: Json } {
  const level = { enum: [...CONFIGURED_LEVELS] };
  const path = { type: 'string', minLength: 1 };
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'dtlint configuration (dtlint.config.json)',
    description: 'Paths are relative to the directory of this file.',
    type: 'object',
    additionalProperties: false,
    properties: {
      $schema: { type: 'string' },
      include: { description: 'Include directories (cpp -I and dtc -i), after -I options.', type: 'array', items: path },
      rules: {
        description: 'Rule levels: off, warning or error.',
        type: 'object',
        additionalProperties: false,
        properties: Object.fromEntries([...ruleIds].sort().map((id) => [id, level])),
      },
      files: {
        description: 'Files or globs (*, **, ?) to lint when the command line names none.',
        type: 'array',
        items: path,
      },
      ignorePatterns: {
        description: "Files and directories not to lint, as ESLint's ignores: globs relative to this file's directory (`vendor/`, `**/*-evk.dts`); they apply to `files`, to directories and globs on the command line, and to the boards an included file is linted through. Added to --ignore-pattern.",
        type: 'array',
        items: path,
      },
      pairs: {
        description: 'Host/guest passthrough pairs that `dtlint` checks.',
        type: 'array',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['name', 'host', 'guest'],
          properties: {
            name: { type: 'string', minLength: 1 },
            host: { ...path, description: 'Host DTS file.' },
            guest: { ...path, description: 'Guest DTS file.' },
            qemu: { ...path, description: 'File holding the QEMU command line.' },
            pass: { description: 'Devices to pass: label, full path or sysfs name.', type: 'array', items: path },
            domain: { ...path, description: "Path of the host's partition node." },
            kconfig: { ...path, description: "The host kernel's .config." },
            cmdline: { ...path, description: "A file holding the host kernel's command line (a copy of /proc/cmdline, or U-Boot's bootargs); without it dtlint reads /chosen/bootargs and CONFIG_CMDLINE." },
          },
        },
      },
      platformBus: {
        description: "QEMU virt's dynamic platform bus; defaults base 0xc000000, size 0x2000000, firstSpi 112, spiCount 64.",
        type: 'object',
        additionalProperties: false,
        properties: {
          base: { $ref: '#/definitions/address' },
          size: { $ref: '#/definitions/address' },
          firstSpi: { $ref: '#/definitions/address' },
          spiCount: { $ref: '#/definitions/address' },
        },
      },
      dtcWarnings: {
        description: 'Which dtc warnings the dtc parity rules report: as a kernel build does, or with W=1, W=2 or both (W=12).',
        enum: [...DTC_WARNING_SETS],
      },
    },
    definitions: {
      address: {
        description: ADDRESS_DESCRIPTION,
        anyOf: [
          { type: 'integer', minimum: 0 },
          { type: 'string', pattern: '^(0[xX][0-9a-fA-F]+|[0-9]+)$' },
        ],
      },
    },
  };
}
