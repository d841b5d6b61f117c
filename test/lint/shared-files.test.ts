/**
 * A run over many boards holds one board's trees at a time and only the recently used files
 * (SourceHost.trim): what it reports must not depend on what the host kept or forgot between
 * boards, nor on which boards were linted together.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SourceFile, SourceHost } from '../../src/dts/source.js';
import { runSourceRules } from '../../src/lint/engine.js';
import type { Finding } from '../../src/lint/finding.js';
import { rules as registry } from '../../rules/index.js';
import { compileDts } from '../../src/dts/index.js';
import { lint } from '../../src/run/index.js';

const SOC = `#define UART_BASE 0x1000
/ {
	#address-cells = <1>;
	#size-cells = <1>;
	soc: soc {
		compatible = "simple-bus";
		#address-cells = <1>;
		#size-cells = <1>;
		ranges;
		uart0: serial@1000 {
			compatible = "acme,uart";
			reg = <UART_BASE 0x100>;
		};
		serial@2000 {
			compatible = "acme,uart";
			reg = <0x2001 0x100>;
		};
	};
};
`;

function board(name: string): string {
  return `/dts-v1/;
#include "soc.dtsi"
/ {
	model = "${name}";
	node-${name}@5 { compatible = "acme,${name}"; };
};
&uart0 { status = "okay"; };
`;
}

let dir: string;
let boards: string[];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'dtlint-shared-'));
  writeFileSync(join(dir, 'soc.dtsi'), SOC);
  boards = ['a', 'b', 'c', 'd'].map((n) => {
    const file = join(dir, `${n}.dts`);
    writeFileSync(file, board(n));
    return file;
  });
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const config = { dtcWarnings: 'W=1' as const };

/** A finding as a report shows it, without the boards it was found through. */
function shown(f: Finding): string {
  return `${f.at.file}:${f.at.line}:${f.at.column} ${f.level} ${f.ruleId}: ${f.message} ${f.fingerprint ?? ''}`;
}

describe('a run over boards that share a .dtsi', () => {
  it('reports the same findings whether the host keeps every file or forgets them after each board', () => {
    const keeping = lint(boards, { config, cwd: dir, host: new SourceHost(new Map(), {}, { retainBytes: Infinity }) });
    const forgetting = lint(boards, { config, cwd: dir, host: new SourceHost(new Map(), {}, { retainBytes: 0 }) });
    expect(keeping.findings.length).toBeGreaterThan(boards.length);
    expect(forgetting.findings).toEqual(keeping.findings);
  });

  it('reports, for each board, what a run of that board alone reports', () => {
    const together = lint(boards, { config, cwd: dir });
    const alone = new Set(boards.flatMap((b) => lint([b], { config, cwd: dir }).findings.map(shown)));
    expect(new Set(together.findings.map(shown))).toEqual(alone);
    // The .dtsi's finding is one finding, found through every board.
    const shared = together.findings.filter((f) => f.at.file.endsWith('soc.dtsi'));
    expect(shared.map((f) => f.foundThrough)).toEqual([boards]);
  });

  it('keeps no board trees unless asked for them', () => {
    const options = { compile: compileDts, registry, config, cwd: dir };
    expect(runSourceRules(boards, options).compiled.size).toBe(0);
    expect([...runSourceRules(boards, options, { keep: new Set([boards[1]!]) }).compiled.keys()]).toEqual([boards[1]]);
  });
});

describe('SourceHost.trim', () => {
  it('forgets the least recently used files once they hold more than its budget, never the current ones', () => {
    const host = new SourceHost(new Map(), {}, { retainBytes: SOC.length + 10 });
    const soc = host.read(join(dir, 'soc.dtsi')) as SourceFile;
    host.trim();
    const a = host.read(boards[0]!) as SourceFile;
    expect(host.read(join(dir, 'soc.dtsi'))).toBe(soc);
    host.trim(); // both used in the epoch just ended: kept, though over the budget
    expect(host.read(boards[0]!)).toBe(a);
    host.trim(); // soc.dtsi was not used since: forgotten, read afresh when asked again
    expect(host.read(boards[0]!)).toBe(a);
    const again = host.read(join(dir, 'soc.dtsi'));
    expect(again).not.toBe(soc);
    expect((again as SourceFile).text).toBe(SOC);
  });

  it('keeps files given as text (overrides) whatever the budget', () => {
    const path = join(dir, 'virtual.dts');
    const host = new SourceHost(new Map([[path, '/dts-v1/; / { };']]), {}, { retainBytes: 0 });
    const file = host.read(path);
    host.trim();
    host.trim();
    expect(host.read(path)).toBe(file);
  });
});
