import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { preprocess, type PreprocessResult } from '../../src/dts/preprocess/index.js';
import { scanOf } from '../../src/dts/preprocess/scan.js';
import { SourceFile, SourceHost } from '../../src/dts/source.js';

/** Runs the preprocessor on in-memory files (absolute paths); the main file is /t/main.dts. */
function pp(files: Record<string, string>, options: { includeDirs?: string[]; defines?: Record<string, string>; main?: string } = {}): PreprocessResult {
  const host = new SourceHost(new Map(Object.entries(files)));
  return preprocess(options.main ?? '/t/main.dts', {
    host,
    includeDirs: options.includeDirs ?? ['/t/inc'],
    ...(options.defines ? { defines: options.defines } : {}),
  });
}

/** What dtc cares about: tokens and whether they are separated, not how. */
function norm(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function out(source: string, files: Record<string, string> = {}): string {
  return norm(pp({ '/t/main.dts': source, ...files }).text);
}

function messages(r: PreprocessResult): string[] {
  return r.diagnostics.map((d) => `${d.at.line}:${d.at.column} ${d.severity} ${d.message}`);
}

describe('preprocess: fixtures compared with GCC cpp', () => {
  // The .cpp files are `cpp -nostdinc -undef -D__DTS__ -x assembler-with-cpp -I include X.dts` output (gcc 12).
  const dir = join(process.cwd(), 'fixtures/preprocess');
  for (const name of ['spacing', 'macros', 'conditionals', 'vendor/board']) {
    it(`${name}.dts gives what cpp gives`, () => {
      const expected = readFileSync(join(dir, `${name}.cpp`), 'latin1')
        .split('\n')
        .filter((l) => !/^# \d+ "/.test(l))
        .join('\n');
      const r = preprocess(join(dir, `${name}.dts`), { host: new SourceHost(), includeDirs: [join(dir, 'include')] });
      expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      expect(norm(r.text)).toBe(norm(expected));
    });
  }
});

describe('preprocess: directives', () => {
  it('defines and undefines object-like macros', () => {
    expect(out('#define A 1\nA\n#undef A\nA\n')).toBe('1 A');
  });

  it('defines function-like macros; a name without ( is left alone', () => {
    expect(out('#define F(a, b) a + b\nF(1, 2) F F (3, 4)\n')).toBe('1 + 2 F 3 + 4');
  });

  it('takes the ( from a later line', () => {
    expect(out('#define F(x) [x]\nF\n\n(1) tail\nnext\n')).toBe('[1] tail next');
  });

  it('does not take the ( across a directive', () => {
    expect(out('#define F(x) [x]\nF\n#define G 1\n(G)\n')).toBe('F (1)');
  });

  it('runs #if / #elif / #else / #endif', () => {
    const src = '#if 0\na\n#elif 1\nb\n#elif 1\nc\n#else\nd\n#endif\n#if 1\ne\n#else\nf\n#endif\n';
    expect(out(src)).toBe('b e');
  });

  it('runs #ifdef / #ifndef / #elifdef / #elifndef, nested', () => {
    const src = '#define X\n#ifdef X\n#ifndef Y\na\n#endif\n#elifdef X\nb\n#endif\n#ifdef Y\nc\n#elifndef Y\nd\n#endif\n';
    expect(out(src)).toBe('a d');
  });

  it('evaluates C integer expressions in intmax_t', () => {
    const cases: [string, boolean][] = [
      ['1 + 2 * 3 == 7', true],
      ['(1 + 2) * 3 == 9', true],
      ['-1 < 0', true],
      ['-1 < 0u', false],
      ['0xffffffffffffffff == -1', true],
      ['0x7fffffffffffffff > 0', true],
      ['(1 << 63) < 0', true],
      ['(-8 >> 1) == -4', true],
      ['-7 / 2 == -3 && -7 % 2 == -1', true],
      ["'a' == 97 && '\\n' == 10 && '\\377' == -1", true],
      ['010 == 8 && 0x10 == 16 && 0b11 == 3 && 10UL == 10', true],
      ['0 && (1 / 0)', false],
      ['1 || (1 / 0)', true],
      ['0 ? 1 / 0 : 2', true],
      ['NOT_A_MACRO', false],
      ['defined FOO && defined(FOO) && !defined BAR', true],
      ['~0 == -1 && !0 == 1 && (3 ^ 5) == 6 && (3 | 4) == 7 && (6 & 3) == 2', true],
      ['(2, 0)', false],
    ];
    for (const [expr, value] of cases) {
      const r = pp({ '/t/main.dts': `#define FOO\n#if ${expr}\nyes\n#else\nno\n#endif\n` });
      expect([expr, norm(r.text), messages(r)]).toEqual([expr, value ? 'yes' : 'no', []]);
    }
  });

  it('expands macros in #if, but not the operand of defined', () => {
    expect(out('#define F(x) (x * 2)\n#define D defined(F)\n#if F(3) == 6 && defined F\nok\n#endif\n')).toBe('ok');
  });

  it('reports #if errors and skips the group', () => {
    const r = pp({ '/t/main.dts': '#if 1 +\na\n#endif\n#if\nb\n#endif\n#if 1 / 0\nc\n#endif\n#if (1\nd\n#endif\n#if 1 2\ne\n#endif\nf\n' });
    expect(norm(r.text)).toBe('f');
    expect(messages(r)).toEqual([
      "1:7 error operator '+' has no right operand",
      '4:2 error #if with no expression',
      '7:7 error division by zero in #if',
      "10:5 error missing ')' in expression",
      '13:7 error missing binary operator before token "2"',
    ]);
  });

  it('ignores #pragma, #line and #ident; honours #pragma once', () => {
    const files = { '/t/inc/once.h': '#pragma once\nonce\n' };
    expect(out('#pragma foo bar\n#ident "x"\n#include <once.h>\n#include <once.h>\nend\n', files)).toBe('once end');
  });

  it('passes unknown #word lines through, with macros expanded in them', () => {
    const src = '#address-cells = <1>;\n#size-cells = <0>;\n#define address addr\n#define ONE 1\n#address-cells = <ONE>;\n# 33 "x"\n';
    expect(out(src)).toBe('#address-cells = <1>; #size-cells = <0>; #addr-cells = <1>; # 33 "x"');
  });

  it('joins backslash-newline lines, even with spaces after the backslash', () => {
    expect(out('#define X 1 + \\\n 2\nX a\\\nb "s\\\nt" c \\  \nd\n')).toBe('1 + 2 ab "st" c d');
  });

  it('removes comments; /* does not nest; // ends at the line end', () => {
    expect(out('a /* x /* y */ b */ c // d\ne/**/f\n')).toBe('a b */ c e f');
  });

  it('keeps an unmatched quote and the rest of its line as it is', () => {
    expect(out("#define FOO bar\nit's FOO /* c */\nFOO\n")).toBe("it's FOO /* c */ bar");
  });

  it('predefines __DTS__, __ASSEMBLER__, __STDC__ and takes -D defines', () => {
    const r = pp({ '/t/main.dts': '__DTS__ __ASSEMBLER__ __STDC__ __STDC_HOSTED__ __GNUC__ X F(2)\n' }, { defines: { X: 'y', 'F(a)': '[a]' } });
    expect(norm(r.text)).toBe('1 1 1 1 __GNUC__ y [2]');
  });

  it('knows __FILE__, __LINE__, __COUNTER__, __INCLUDE_LEVEL__', () => {
    const files = { '/t/inc/h.h': '__FILE__ __LINE__ __INCLUDE_LEVEL__\n' };
    expect(out('\n__LINE__ __FILE__ __COUNTER__ __COUNTER__\n#include <h.h>\n', files)).toBe('2 "/t/main.dts" 0 1 "/t/inc/h.h" 1 1');
  });
});

describe('preprocess: macro expansion', () => {
  it('stringifies with #, escaping quotes and backslashes', () => {
    expect(out('#define S(x) #x\nS(a  "b\\n"   c) S() S( a\n b )\n')).toBe('"a \\"b\\\\n\\" c" "" "a b"');
  });

  it('pastes with ##, without expanding the operands first', () => {
    expect(out('#define C(a, b) a##b\n#define X(a, b) C(a, b)\n#define N 1\nC(N, 2) X(N, 2) C(x, ) C(, y) C(+, +)\n')).toBe('N2 12 x y ++');
  });

  it('keeps both tokens when a paste does not make one token (assembler mode)', () => {
    expect(out('#define C(a, b) a##b\nC(+,-) C(+, -) C(/, /)\n')).toBe('+- + - / /');
  });

  it('takes variable arguments, named and __VA_ARGS__, with the GNU comma rule', () => {
    const src = '#define V(x, ...) x:__VA_ARGS__\n#define N(x, rest...) x rest\n#define C(x, ...) x, ## __VA_ARGS__\nV(1) V(1, 2, 3) N(1) N(1, 2) C(1) C(1, ) C(1, 2)\n';
    expect(out(src)).toBe('1: 1:2, 3 1 1 2 1 1, 1, 2');
  });

  it('expands arguments fully before substitution, and rescans', () => {
    expect(out('#define ID(x) x\n#define TWO 2\n#define APPLY(f, x) f(x)\nID(ID(TWO)) APPLY(ID, TWO)\n')).toBe('2 2');
  });

  it('never expands a macro inside its own expansion', () => {
    const src = '#define SELF SELF + 1\n#define A B\n#define B A\n#define F(x) F(x) x\nSELF A B F(1)\n';
    expect(out(src)).toBe('SELF + 1 A B F(1) 1');
  });

  it('reports a wrong number of arguments and drops the call', () => {
    const r = pp({ '/t/main.dts': '#define F(x) x\nF(1, 2) a\n#define G(x, y) x\nG(1) b\n' });
    expect(norm(r.text)).toBe('F a G b');
    expect(messages(r)).toEqual([
      '2:1 error macro "F" passed 2 arguments, but takes just 1',
      '4:1 error macro "G" requires 2 arguments, but only 1 given',
    ]);
  });

  it('reports an unterminated argument list', () => {
    const r = pp({ '/t/main.dts': '#define F(x) x\nF(1,\n' });
    expect(norm(r.text)).toBe('F');
    expect(messages(r)).toEqual(['2:1 error unterminated argument list invoking macro "F"']);
  });

  it('reports #define errors', () => {
    const r = pp({ '/t/main.dts': '#define\n#define 3 x\n#define F(a, a) a\n#define G(a b\n#define H ## x\n#define defined 1\n' });
    expect(messages(r)).toEqual([
      '1:2 error no macro name given in #define directive',
      '2:9 error macro names must be identifiers',
      '3:14 error duplicate macro parameter "a"',
      '4:13 error expected \',\' or \')\', found "b"',
      "5:11 error '##' cannot appear at either end of a macro expansion",
      '6:9 error "defined" cannot be used as a macro name',
    ]);
  });

  it('warns when a macro is redefined differently', () => {
    const r = pp({ '/t/main.dts': '#define A 1\n#define A 1\n#define A 2\n' });
    expect(messages(r)).toEqual(['3:9 warning "A" redefined']);
  });
});

describe('preprocess: output spacing as cpp prints it', () => {
  const defs = '#define FOO foo\n#define E\n#define P(x) x\n#define Q(x) -x-\n';
  const cases: [string, string][] = [
    ['FOO: pinctrl-FOO FOO-x', 'foo: pinctrl-foo foo-x'],
    ['E:x a E b -FOO-', ':x a b -foo-'],
    ['Q(1) Q( FOO )', '-1 - -foo-'],
    ['x/E/y x+E+y x-E-y +P(+)+', 'x/ /y x+ +y x- -y + + +'],
    ['<P(1)P(2)> &P(FOO) .P(1) 0xP(1) P(0x)1', '<1 2> &foo . 1 0xP(1) 0x 1'],
  ];
  for (const [input, expected] of cases) {
    it(JSON.stringify(input), () => expect(out(defs + input + '\n')).toBe(expected));
  }
});

describe('preprocess: includes', () => {
  const files = {
    '/t/main.dts': '#include "a.h"\n#include <a.h>\n#include "sub/b.h"\n',
    '/t/a.h': 'beside\n',
    '/t/inc1/a.h': 'inc1\n',
    '/t/inc2/a.h': 'inc2\n',
    '/t/inc2/sub/b.h': '#include "c.h"\n#include <n.h>\n',
    '/t/inc1/n.h': 'n1\n#include_next <n.h>\n',
    '/t/inc2/n.h': 'n2\n',
    '/t/inc2/sub/c.h': 'sub-c\n',
    '/t/inc1/c.h': 'inc1-c\n',
  };

  it('searches "x" beside the including file first, <x> only in the -I dirs, in order', () => {
    const r = pp(files, { includeDirs: ['/t/inc1', '/t/inc2'] });
    expect(norm(r.text)).toBe('beside inc1 sub-c n1 n2');
    expect(r.files).toEqual(['/t/main.dts', '/t/a.h', '/t/inc1/a.h', '/t/inc2/sub/b.h', '/t/inc2/sub/c.h', '/t/inc1/n.h', '/t/inc2/n.h']);
    expect(r.diagnostics).toEqual([]);
  });

  it('resolves #include MACRO in both forms', () => {
    const r = pp({ ...files, '/t/main.dts': '#define H "a.h"\n#define B <a.h>\n#include H\n#include B\n' }, { includeDirs: ['/t/inc2'] });
    expect(norm(r.text)).toBe('beside inc2');
  });

  it('stops at a missing include, as cpp does', () => {
    const r = pp({ '/t/main.dts': 'a\n#include "nope.h"\nb\n' });
    expect(norm(r.text)).toBe('a');
    expect(r.diagnostics).toEqual([
      {
        code: 'syntax-error',
        severity: 'error',
        message: 'nope.h: No such file or directory',
        at: { file: '/t/main.dts', line: 2, column: 10, endLine: 2, endColumn: 18 },
      },
    ]);
  });

  it('stops a cycle at 200 nested includes', () => {
    const r = pp({ '/t/main.dts': '#include "main.dts"\nx\n' });
    expect(r.text.match(/x/g)).toHaveLength(200);
    expect(messages(r)).toEqual([
      '1:10 error #include nested depth 200 exceeds maximum of 200 (use -fmax-include-depth=DEPTH to increase the maximum)',
    ]);
  });

  it('reports a bad #include', () => {
    const r = pp({ '/t/main.dts': '#include\n#include foo\n#include ""\n' });
    expect(messages(r)).toEqual([
      '1:2 error #include expects "FILENAME" or <FILENAME>',
      '2:10 error #include expects "FILENAME" or <FILENAME>',
      '3:10 error empty filename in #include',
    ]);
  });
});

describe('preprocess: caching', () => {
  it('scans a shared header once for all runs of a host', () => {
    const host = new SourceHost(
      new Map([
        ['/t/a.dts', '#include <h.h>\nA\n'],
        ['/t/b.dts', '#define A 2\n#include <h.h>\nA\n'],
        ['/t/inc/h.h', '#ifndef H\n#define H\n#define A 1\n#endif\n'],
      ]),
    );
    const a = preprocess('/t/a.dts', { host, includeDirs: ['/t/inc'] });
    const header = host.read('/t/inc/h.h') as SourceFile;
    const scan = scanOf(header);
    const b = preprocess('/t/b.dts', { host, includeDirs: ['/t/inc'] });
    expect(scanOf(header)).toBe(scan);
    // The macro table is per run: b sees its own A, redefined by the header.
    expect([norm(a.text), norm(b.text)]).toEqual(['1', '1']);
    expect(messages(b)).toEqual(['3:9 warning "A" redefined']);
  });
});

describe('preprocess: errors', () => {
  it('reports an unterminated comment', () => {
    const r = pp({ '/t/main.dts': 'a /* open\nb\n' });
    expect(norm(r.text)).toBe('a');
    expect(messages(r)).toEqual(['1:3 error unterminated comment']);
  });

  it('reports an unterminated conditional at its directive', () => {
    const r = pp({ '/t/main.dts': 'a\n#ifdef X\nb\n#if 1\n', '/t/inc/h.h': '#if 1\n#else\n' }, {});
    expect(messages(r)).toEqual(['4:2 error unterminated #if', '2:2 error unterminated #ifdef']);
    const h = pp({ '/t/main.dts': '#include <h.h>\nafter\n', '/t/inc/h.h': '#if 1\n#else\n' });
    expect(norm(h.text)).toBe('after');
    expect(h.diagnostics.map((d) => `${d.at.file}:${d.at.line} ${d.message}`)).toEqual(['/t/inc/h.h:1 unterminated #else']);
  });

  it('reports #else after #else, #elif after #else, and a stray #endif', () => {
    const r = pp({ '/t/main.dts': '#if 1\na\n#else\n#else\n#elif 1\n#endif\n#endif\n#else\n' });
    expect(norm(r.text)).toBe('a');
    expect(messages(r)).toEqual([
      '4:2 error #else after #else',
      '5:2 error #elif after #else',
      '7:2 error #endif without #if',
      '8:2 error #else without #if',
    ]);
    expect(r.diagnostics[0]!.related).toEqual([
      { message: 'the conditional began here', at: { file: '/t/main.dts', line: 1, column: 2, endLine: 1, endColumn: 4 } },
    ]);
  });

  it('reports #error and goes on; #warning is a warning', () => {
    const r = pp({ '/t/main.dts': '#error this is  "bad"\nafter\n#warning careful\n#if 0\n#error skipped\n#endif\n' });
    expect(norm(r.text)).toBe('after');
    expect(messages(r)).toEqual(['1:2 error #error this is "bad"', '3:2 warning #warning careful']);
  });

  it('gives an empty text for an empty file', () => {
    const r = pp({ '/t/main.dts': '' });
    expect(r.text).toBe('');
    expect(r.diagnostics).toEqual([]);
    expect(r.files).toEqual(['/t/main.dts']);
    expect(r.origins.locate(0, 0).file).toBe('/t/main.dts');
  });

  it('reports a main file that cannot be read', () => {
    const r = pp({}, { main: '/t/none.dts' });
    expect(r.text).toBe('');
    expect(messages(r)).toEqual(['1:1 error /t/none.dts: No such file or directory']);
  });

  it('survives binary garbage', () => {
    let seed = 12345;
    const rand = (): number => (seed = (seed * 1103515245 + 12345) & 0x7fffffff);
    const alphabet = '#/*\\\'"()<>,.\n\n\n \t\0\x01\xff\x80abcXYZ019_##define include if endif else elif undef ';
    for (let round = 0; round < 40; round++) {
      let text = '';
      for (let i = 0; i < 3000; i++) text += rand() % 5 === 0 ? String.fromCharCode(rand() % 256) : alphabet[rand() % alphabet.length]!;
      const r = pp({ '/t/main.dts': text });
      expect(typeof r.text).toBe('string');
    }
  });

  it('stops exponential expansions', () => {
    let src = '#define A0 x x\n';
    for (let i = 1; i <= 40; i++) src += `#define A${i} A${i - 1} A${i - 1}\n`;
    const r = pp({ '/t/main.dts': src + 'A40\n' });
    expect(messages(r)).toEqual(['42:1 error macro expansion produces too many tokens']);
  });
});

describe('preprocess: origins', () => {
  const main = ['/dts-v1/;', '#define FOO 0x10', '#define BAR(x) (x + FOO)', '/ { reg = <FOO BAR(2)>; };', '\t/* c */ tail;', ''].join('\n');
  const r = pp({ '/t/main.dts': main });
  const text = r.text;
  const at = (s: string, from = 0): [number, number] => {
    const i = text.indexOf(s, from);
    if (i < 0) throw new Error(`${s} not in ${text}`);
    return [i, i + s.length];
  };
  const fooDef = { file: '/t/main.dts', line: 2, column: 13, endLine: 2, endColumn: 17 };
  const barDef = { file: '/t/main.dts', line: 3, column: 16, endLine: 3, endColumn: 25 };

  it('prints the expansion', () => {
    expect(norm(text)).toBe('/dts-v1/; / { reg = <0x10 (2 + 0x10)>; }; tail;');
  });

  it('maps copied text char for char to its file, line and column', () => {
    expect(r.origins.locate(...at('/dts-v1/'))).toEqual({ file: '/t/main.dts', line: 1, column: 1, endLine: 1, endColumn: 9 });
    expect(r.origins.locate(...at('reg'))).toEqual({ file: '/t/main.dts', line: 4, column: 5, endLine: 4, endColumn: 8 });
    expect(r.origins.locate(...at('tail'))).toEqual({ file: '/t/main.dts', line: 5, column: 10, endLine: 5, endColumn: 14 });
  });

  it('maps macro text to the use site, with the macro and where it is defined', () => {
    expect(r.origins.locate(...at('0x10'))).toEqual({
      file: '/t/main.dts',
      line: 4,
      column: 12,
      endLine: 4,
      endColumn: 15,
      expansion: [{ macro: 'FOO', definedAt: fooDef }],
    });
    const open = text.indexOf('(2');
    expect(r.origins.locate(open, open + 1)).toEqual({
      file: '/t/main.dts',
      line: 4,
      column: 16,
      endLine: 4,
      endColumn: 22,
      expansion: [{ macro: 'BAR', definedAt: barDef }],
    });
  });

  it('lists nested macros after the outer one', () => {
    const inner = text.lastIndexOf('0x10');
    expect(r.origins.locate(inner, inner + 4).expansion).toEqual([
      { macro: 'BAR', definedAt: barDef },
      { macro: 'FOO', definedAt: fooDef },
    ]);
  });

  it('maps an argument written in the file to its own place', () => {
    const two = text.indexOf('(2') + 1;
    expect(r.origins.locate(two, two + 1)).toEqual({ file: '/t/main.dts', line: 4, column: 20, endLine: 4, endColumn: 21 });
  });

  it('spans a range across copied and macro text', () => {
    const [start] = at('reg');
    const end = text.indexOf(';', start) + 1;
    expect(r.origins.locate(start, end)).toEqual({ file: '/t/main.dts', line: 4, column: 5, endLine: 4, endColumn: 24 });
  });

  it('maps text from an included file to that file', () => {
    const inc = pp({ '/t/main.dts': 'a\n#include <h.h>\nb\n', '/t/inc/h.h': '\n  in_h;\n' });
    const i = inc.text.indexOf('in_h');
    expect(inc.origins.locate(i, i + 4)).toEqual({ file: '/t/inc/h.h', line: 2, column: 3, endLine: 2, endColumn: 7 });
    const b = inc.text.indexOf('b');
    expect(inc.origins.locate(b, b + 1)).toEqual({ file: '/t/main.dts', line: 3, column: 1, endLine: 3, endColumn: 2 });
  });

  it('maps a token with a backslash-newline inside to its whole source range', () => {
    const m = pp({ '/t/main.dts': '#define X 1\nab\\\ncd X;\n' });
    expect(norm(m.text)).toBe('abcd 1;');
    expect(m.origins.locate(0, 4)).toEqual({ file: '/t/main.dts', line: 2, column: 1, endLine: 3, endColumn: 3 });
  });

  it('maps a function-like use site across lines, from the name to the )', () => {
    const m = pp({ '/t/main.dts': '#define F(x, y) [x y]\nF(1,\n  2) z\n' });
    expect(norm(m.text)).toBe('[1 2] z');
    const o = m.text.indexOf('[');
    expect(m.origins.locate(o, o + 1)).toMatchObject({ line: 2, column: 1, endLine: 3, endColumn: 5 });
  });
});
