/** Directories, globs and ignore patterns, as ESLint takes them (src/config/globs.ts). */
import { describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { expandArguments, expandFileGlobs, globToRegExp, ignoreMatcher } from '../../src/config/globs.js';

function tree(files: readonly string[]): string {
  const root = mkdtempSync(join(tmpdir(), 'dtlint-globs-'));
  for (const f of files) {
    mkdirSync(dirname(join(root, f)), { recursive: true });
    writeFileSync(join(root, f), '');
  }
  return root;
}

describe('globToRegExp', () => {
  it('knows *, **, ?, [abc], [!a] and {a,b}', () => {
    const matches = (glob: string, paths: string[]): string[] => paths.filter((p) => globToRegExp(glob).test(p));
    const paths = ['a.dts', 'a.dtsi', 'b.dts', 'x/a.dts', 'x/y/c.dts', 'x/y/c.h', 'd{e.dts'];
    expect(matches('*.dts', paths)).toEqual(['a.dts', 'b.dts', 'd{e.dts']);
    expect(matches('**/*.dts', paths)).toEqual(['a.dts', 'b.dts', 'x/a.dts', 'x/y/c.dts', 'd{e.dts']);
    expect(matches('x/**', paths)).toEqual(['x/a.dts', 'x/y/c.dts', 'x/y/c.h']);
    expect(matches('?.dts', paths)).toEqual(['a.dts', 'b.dts']);
    expect(matches('[ab].dts', paths)).toEqual(['a.dts', 'b.dts']);
    expect(matches('[!a].dts', paths)).toEqual(['b.dts']);
    expect(matches('**/*.{dts,h}', paths)).toEqual(['a.dts', 'b.dts', 'x/a.dts', 'x/y/c.dts', 'x/y/c.h', 'd{e.dts']);
    expect(matches('d{e.dts', paths)).toEqual(['d{e.dts']); // an unclosed brace is a brace
  });
});

describe('expandArguments', () => {
  const root = tree(['boards/b.dts', 'boards/a.dts', 'boards/ov.dtso', 'boards/common.dtsi', 'boards/pins.h', 'boards/README', 'boards/vendor/v.dts', 'boards/node_modules/n.dts', 'empty/README']);

  it('a directory gives its .dts and .dtso files below it, sorted; a glob the DTS files and headers it matches', () => {
    expect(expandArguments(['boards/'], root)).toEqual({
      files: ['boards/a.dts', 'boards/b.dts', 'boards/ov.dtso', 'boards/vendor/v.dts'],
      problems: [],
      ignoredFiles: [],
    });
    expect(expandArguments(['boards/*'], root).files).toEqual(['boards/a.dts', 'boards/b.dts', 'boards/common.dtsi', 'boards/ov.dtso', 'boards/pins.h']);
    // Plain files first, as written; each file once.
    expect(expandArguments(['boards/b.dts', 'boards/**/*.dts'], root).files).toEqual(['boards/b.dts', 'boards/a.dts', 'boards/vendor/v.dts']);
  });

  it('keeps a plain path that does not exist (the engine says it cannot read it); a pattern or directory that gives nothing is a problem', () => {
    expect(expandArguments(['nosuch.dts'], root)).toEqual({ files: ['nosuch.dts'], problems: [], ignoredFiles: [] });
    expect(expandArguments(['empty', 'nosuch/*.dts'], root).problems).toEqual([
      "No .dts files found in the directory 'empty'.",
      "No files matching the pattern 'nosuch/*.dts' were found.",
    ]);
  });

  it('skips ignored files and directories; a named file that is ignored is listed; all ignored is a problem', () => {
    const ignored = ignoreMatcher([{ patterns: ['boards/vendor/', '**/b.dts'], base: root }]);
    expect(expandArguments(['boards', 'boards/b.dts'], root, ignored)).toEqual({
      files: ['boards/a.dts', 'boards/ov.dtso'],
      problems: [],
      ignoredFiles: ['boards/b.dts'],
    });
    expect(expandArguments(['boards/vendor', 'boards/*/*.dts'], root, ignored).problems).toEqual([
      "All files matched by 'boards/vendor' are ignored.",
      "All files matched by 'boards/*/*.dts' are ignored.",
    ]);
  });

  it('the config files apply ignore patterns too', () => {
    const ignored = ignoreMatcher([{ patterns: ['boards/a.dts'], base: root }]);
    expect(expandFileGlobs(['boards/*.dts'], root, ignored).files).toEqual([join(root, 'boards/b.dts')]);
  });
});

describe('ignoreMatcher', () => {
  const root = tree(['vendor/x.dts', 'a/vendor/y.dts', 'a/vendor.dts', 'b/c.dts']);
  const ignores = (patterns: string[], base = root): string[] =>
    ['vendor/x.dts', 'a/vendor/y.dts', 'a/vendor.dts', 'b/c.dts'].filter((f) => ignoreMatcher([{ patterns, base }])(join(root, f)));

  it('matches paths relative to its base, a dir ignoring all below it, as ESLint does', () => {
    expect(ignores(['vendor'])).toEqual(['vendor/x.dts']);
    expect(ignores(['vendor/'])).toEqual(['vendor/x.dts']);
    expect(ignores(['**/vendor/'])).toEqual(['vendor/x.dts', 'a/vendor/y.dts']);
    expect(ignores(['**/vendor'])).toEqual(['vendor/x.dts', 'a/vendor/y.dts']);
    expect(ignores(['a/*.dts'])).toEqual(['a/vendor.dts']);
    expect(ignores(['**/*.dts'])).toEqual(['vendor/x.dts', 'a/vendor/y.dts', 'a/vendor.dts', 'b/c.dts']);
    expect(ignores(['c.dts'], join(root, 'b'))).toEqual(['b/c.dts']);
    expect(ignores(['./b/'])).toEqual(['b/c.dts']);
  });
});
