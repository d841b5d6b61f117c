/**
 * Text to DTB through the parser: every DTS in fixtures/build/ must give the bytes dtc 1.6.1 wrote
 * for it (`<name>.dtb` from `dtc -I dts -O dtb`, `<name>.sym.dtb` with `-@`).
 */
import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildTree } from '../../src/dts/build.js';
import { writeDtb } from '../../src/dts/dtb.js';
import { identityOrigins } from '../../src/dts/origin.js';
import { parseDts } from '../../src/dts/parser.js';
import { SourceFile, SourceHost } from '../../src/dts/source.js';

const dir = fileURLToPath(new URL('../../fixtures/build/', import.meta.url));
const cases = readdirSync(dir).filter((f) => f.endsWith('.dts'));

function compile(name: string, symbols: boolean): Uint8Array {
  const path = dir + name;
  const file = new SourceFile(path, readFileSync(path, 'latin1'));
  const host = new SourceHost();
  const parsed = parseDts({ text: file.text, origins: identityOrigins(file) }, { host, includeDirs: [] });
  expect(parsed.diagnostics).toEqual([]);
  const built = buildTree(parsed.ast, { symbols, host });
  // dtc only warns (on stderr) when a label clashes with a written __symbols__ property.
  expect(built.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return writeDtb(built.tree);
}

/** The bytes as a hex dump (`d00dfeed...`), not a number. */
function hexBytes(b: Uint8Array): string {
  return Buffer.from(b).toString('hex');
}

describe('DTB identical to dtc 1.6.1', () => {
  it.each(cases)('%s', (name) => {
    const base = name.replace(/\.dts$/, '');
    expect(hexBytes(compile(name, false))).toBe(hexBytes(readFileSync(dir + base + '.dtb')));
    expect(hexBytes(compile(name, true))).toBe(hexBytes(readFileSync(dir + base + '.sym.dtb')));
  });
});
