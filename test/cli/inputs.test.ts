/**
 * What the command line takes besides plain boards (the built binary, on a small repository in a
 * tmp dir): a header or .dtsi linted through the boards that include it, one finding for a problem
 * found through several boards (stylish note, JSON field, SARIF property), directories, quoted
 * globs and ignore patterns.
 */
import { afterAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

const BIN = join(resolve('.'), 'bin', 'dtlint.js');

const SOC = `#include <dt-bindings/acme.h>
/ {
	#address-cells = <1>;
	#size-cells = <1>;

	uart0: serial@1000 {
		compatible = "acme,uart";
		reg = <0x1000 0x100>;
		interrupts = <ACME_UART_IRQ>;
		interrupt-parent = <&nosuch>;
	};
};
`;

const BOARD = '/dts-v1/;\n#include "../soc/acme.dtsi"\n';

const root = mkdtempSync(join(tmpdir(), 'dtlint-inputs-'));
const files: Record<string, string> = {
  'dtlint.config.json': '{ "include": ["include"] }\n',
  'include/dt-bindings/acme.h': '#define ACME_UART_IRQ 3\n',
  'soc/acme.dtsi': SOC,
  'boards/a.dts': `${BOARD}#include "a-pins.h"\n`,
  'boards/a-pins.h': '#define A_PIN 1\n',
  'boards/b.dts': BOARD,
  'boards/c.dts': BOARD,
  'boards/d.dts': BOARD,
  'boards/e.dts': BOARD,
  'boards/orphan.h': '#define NOBODY 1\n',
  'good/g.dts': '/dts-v1/;\n/ { };\n',
  'empty/README': '',
};
mkdirSync(join(root, '.git'));
for (const [path, text] of Object.entries(files)) {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
}
afterAll(() => rmSync(root, { recursive: true, force: true }));

function dtlint(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, '--no-cache', ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The stylish rows (`line:col level message rule`) and note lines, without code frames. */
function rows(stdout: string): string[] {
  return stdout.split('\n').filter((l) => /^\S|^ {2}\d+:\d+|^ {4}(note|found through):/.test(l));
}

describe('a header or .dtsi as an argument', () => {
  it('is linted through every board that includes it, directly or through a .dtsi; the shared finding is one, naming the boards', () => {
    const r = dtlint('include/dt-bindings/acme.h');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(1);
    expect(rows(r.stdout)).toEqual([
      'soc/acme.dtsi',
      '  10:3   error  interrupt-parent = <0xffffffff> names no node: the interrupts of /serial@1000 go nowhere  interrupt-parent',
      '    note: soc/acme.dtsi:9:3: /serial@1000 takes its interrupts from here',
      '    found through: boards/a.dts, boards/b.dts and 3 more',
      '  10:23  error  Label or path nosuch not found  unresolved-reference',
      '    found through: boards/a.dts, boards/b.dts and 3 more',
      '\u2716 2 problems (2 errors, 0 warnings)',
    ]);
  });

  it("a board's own header: through that board only", () => {
    expect(rows(dtlint('boards/a-pins.h').stdout)).toContain('    found through: boards/a.dts');
  });

  it('a header no board includes: one warning, no syntax error, exit 0', () => {
    const r = dtlint('boards/orphan.h');
    expect([r.status, r.stdout, r.stderr]).toEqual([0, '', `dtlint: boards/orphan.h: no .dts file under ${root} includes it, so it is not linted (lint a board that includes it)\n`]);
  });

  it('JSON gives foundThrough (every board), SARIF a foundThrough property', () => {
    const json = JSON.parse(dtlint('soc/acme.dtsi', '-f', 'json').stdout) as { ruleId: string; foundThrough?: string[] }[];
    expect(json.map((f) => [f.ruleId, f.foundThrough])).toEqual([
      ['interrupt-parent', ['boards/a.dts', 'boards/b.dts', 'boards/c.dts', 'boards/d.dts', 'boards/e.dts']],
      ['unresolved-reference', ['boards/a.dts', 'boards/b.dts', 'boards/c.dts', 'boards/d.dts', 'boards/e.dts']],
    ]);
    const sarif = JSON.parse(dtlint('boards/b.dts', 'boards/c.dts', '-f', 'sarif').stdout) as { runs: { results: { properties?: { foundThrough?: string[] } }[] }[] };
    expect(sarif.runs[0]!.results.map((r) => r.properties?.foundThrough)).toEqual([
      ['boards/b.dts', 'boards/c.dts'],
      ['boards/b.dts', 'boards/c.dts'],
    ]);
  });
});

describe('directories, globs and ignore patterns', () => {
  const linted = (...args: string[]): string[] => {
    const r = dtlint(...args, '-f', 'json');
    expect(r.stderr).toBe('');
    const json = JSON.parse(r.stdout) as { foundThrough?: string[] }[];
    return json[0]?.foundThrough ?? [];
  };

  it('a directory lints its .dts files; a quoted glob what it matches; --ignore-pattern and ignorePatterns skip', () => {
    expect(linted('boards')).toEqual(['boards/a.dts', 'boards/b.dts', 'boards/c.dts', 'boards/d.dts', 'boards/e.dts']);
    expect(linted('boards/[ab].dts')).toEqual(['boards/a.dts', 'boards/b.dts']);
    expect(linted('boards/{c,e}.dts')).toEqual(['boards/c.dts', 'boards/e.dts']);
    expect(linted('boards/', '--ignore-pattern', 'boards/[a-c].dts', '--ignore-pattern', '**/d.dts')).toEqual(['boards/e.dts']);
    // Boards an included file is linted through are subject to the patterns too.
    expect(linted('soc/acme.dtsi', '--ignore-pattern', 'boards/[b-e].dts')).toEqual(['boards/a.dts']);
    const configured = join(root, 'ignoring.json');
    writeFileSync(configured, '{ "include": ["include"], "ignorePatterns": ["boards/[a-d].dts"] }\n');
    expect(linted('--config', configured, 'boards/')).toEqual(['boards/e.dts']);
    expect(dtlint('good/').status).toBe(0);
  });

  it('a pattern or directory that matches nothing: one line on stderr, exit 2', () => {
    for (const [args, message] of [
      [['empty'], "dtlint: No .dts files found in the directory 'empty'.\n"],
      [['boards/*.nosuch'], "dtlint: No files matching the pattern 'boards/*.nosuch' were found.\n"],
      [['boards/', '--ignore-pattern', 'boards'], "dtlint: All files matched by 'boards/' are ignored.\n"],
    ] as const) {
      const r = dtlint(...args);
      expect([args, r.status, r.stdout, r.stderr]).toEqual([args, 2, '', message]);
    }
  });

  it('a named file that an ignore pattern matches: a warning, not linted', () => {
    const r = dtlint('boards/a.dts', '--ignore-pattern', 'boards/a.dts');
    expect([r.status, r.stdout, r.stderr]).toEqual([0, '', 'dtlint: boards/a.dts: ignored by an ignore pattern, so it is not linted\n']);
  });
});
