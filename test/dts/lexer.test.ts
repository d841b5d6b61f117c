import { describe, expect, it } from '@jest/globals';
import type { Diagnostic } from '../../src/dts/diagnostic.js';
import { decodeEscapes } from '../../src/dts/escapes.js';
import { Lexer, ParseAbort, T } from '../../src/dts/lexer.js';
import { identityOrigins } from '../../src/dts/origin.js';
import { SourceFile, SourceHost } from '../../src/dts/source.js';

const NAMES = new Map<number, string>(Object.entries(T).map(([k, v]) => [v, k]));

interface Lexed {
  tokens: string[];
  diagnostics: Diagnostic[];
}

/** Lexes to the end; each token as `KIND text` (`'c'` for single chars), plus its value where it has one. */
function lex(text: string, files: Record<string, string> = {}): Lexed {
  const diagnostics: Diagnostic[] = [];
  const sf = new SourceFile('t.dts', text);
  const lx = new Lexer({ text, origins: identityOrigins(sf) }, { host: new SourceHost(new Map(Object.entries(files))), includeDirs: [] }, diagnostics);
  const tokens: string[] = [];
  try {
    for (let i = 0; i < 1000; i++) {
      lx.next();
      if (lx.kind === T.EOF) break;
      const src = lx.frame.text.slice(lx.start, lx.end);
      const name = NAMES.get(lx.kind) ?? `'${String.fromCharCode(lx.kind)}'`;
      let value = '';
      if (lx.kind === T.LITERAL || lx.kind === T.CHAR_LITERAL) value = ` =${lx.num}`;
      else if (lx.kind === T.BYTE) value = ` =${lx.byte}`;
      else if (lx.kind === T.STRING || lx.kind === T.PROPNODENAME || lx.kind === T.LABEL || lx.kind === T.LABEL_REF || lx.kind === T.PATH_REF) value = ` =${JSON.stringify(lx.str)}`;
      tokens.push(`${name} ${src}${value}`);
    }
  } catch (e) {
    if (!(e instanceof ParseAbort)) throw e;
    tokens.push('ABORT');
  }
  return { tokens, diagnostics };
}

const tokens = (text: string): string[] => lex(text).tokens;
const messages = (l: Lexed): string[] => l.diagnostics.map((d) => `${d.at.line}:${d.at.column}-${d.at.endColumn} ${d.message}`);

describe('lexer start states', () => {
  it('knows no integer literals before /dts-v1/', () => {
    expect(tokens('12 /dts-v1/ 12')).toEqual(["'1' 1", "'2' 2", 'V1 /dts-v1/', 'LITERAL 12 =12']);
  });

  it('reads names after { and ; and values after the name', () => {
    expect(tokens('/dts-v1/; { #address-cells = <1>; 1wire; a,b.c_d+e*f#g?h@i-j; };')).toEqual([
      'V1 /dts-v1/',
      "';' ;",
      "'{' {",
      'PROPNODENAME #address-cells ="#address-cells"',
      "'=' =",
      "'<' <",
      'LITERAL 1 =1',
      "'>' >",
      "';' ;",
      'PROPNODENAME 1wire ="1wire"',
      "';' ;",
      'PROPNODENAME a,b.c_d+e*f#g?h@i-j ="a,b.c_d+e*f#g?h@i-j"',
      "';' ;",
      "'}' }",
      "';' ;",
    ]);
  });

  it('takes a label over a name, and drops the backslash of an escaped name', () => {
    expect(tokens('/dts-v1/; lbl: node@1 { \\delete-me; x:y; };')).toEqual([
      'V1 /dts-v1/',
      "';' ;",
      'LABEL lbl: ="lbl"',
      'PROPNODENAME node@1 ="node@1"',
      "'{' {",
      'PROPNODENAME \\delete-me ="delete-me"',
      "';' ;",
      'LABEL x: ="x"',
      'PROPNODENAME y ="y"',
      "';' ;",
      "'}' }",
      "';' ;",
    ]);
  });

  it('sees letters in a value as single chars', () => {
    expect(tokens('/dts-v1/ = foo')).toEqual(['V1 /dts-v1/', "'=' =", "'f' f", "'o' o", "'o' o"]);
  });

  it('reads hex pairs between [ and ], white space optional, labels included', () => {
    expect(tokens('/dts-v1/ [0011 aB l1: cd: 2]')).toEqual([
      'V1 /dts-v1/',
      "'[' [",
      'BYTE 00 =0',
      'BYTE 11 =17',
      'BYTE aB =171',
      'LABEL l1: ="l1"',
      'LABEL cd: ="cd"',
      "'2' 2",
      "']' ]",
    ]);
  });

  it('does not know /incbin/ where a name is expected', () => {
    expect(tokens('/dts-v1/; /incbin/')).toEqual(['V1 /dts-v1/', "';' ;", "'/' /", 'PROPNODENAME incbin ="incbin"', "'/' /"]);
  });
});

describe('lexer literals', () => {
  it('reads decimal, octal and hex literals with their suffixes', () => {
    expect(tokens('/dts-v1/ 10 017 0x1F 0X10 1U 2L 3UL 4LL 5ULL 0 18446744073709551615')).toEqual([
      'V1 /dts-v1/',
      'LITERAL 10 =10',
      'LITERAL 017 =15',
      'LITERAL 0x1F =31',
      'LITERAL 0X10 =16',
      'LITERAL 1U =1',
      'LITERAL 2L =2',
      'LITERAL 3UL =3',
      'LITERAL 4LL =4',
      'LITERAL 5ULL =5',
      'LITERAL 0 =0',
      'LITERAL 18446744073709551615 =18446744073709551615',
    ]);
  });

  it('splits 0x without digits and suffixes in the wrong order', () => {
    expect(tokens('/dts-v1/ 0x 1LU')).toEqual(['V1 /dts-v1/', 'LITERAL 0 =0', "'x' x", 'LITERAL 1L =1', "'U' U"]);
  });

  it('reports bad octal and out-of-range literals and goes on', () => {
    const l = lex('/dts-v1/ 0128 0x10000000000000000 7');
    expect(l.tokens).toEqual(['V1 /dts-v1/', 'LITERAL 0128 =10', 'LITERAL 0x10000000000000000 =18446744073709551615', 'LITERAL 7 =7']);
    expect(messages(l)).toEqual(["1:10-14 Bad integer literal '0128'", "1:15-34 Integer literal '0x10000000000000000' out of range"]);
  });

  it('reads char literals with escapes, including dtc\'s longest-match quirk', () => {
    expect(tokens("/dts-v1/ 'a' '\\n' '\\x12' '\\'' '\\101'")).toEqual([
      'V1 /dts-v1/',
      "CHAR_LITERAL 'a' =97",
      "CHAR_LITERAL '\\n' =10",
      "CHAR_LITERAL '\\x12' =18",
      "CHAR_LITERAL '\\'' =39",
      "CHAR_LITERAL '\\101' =65",
    ]);
    // `'\\'` does not end at its second quote: a quote after a backslash may be inside the literal.
    const l = lex("/dts-v1/ '\\\\' 'x'");
    expect(l.tokens).toEqual(['V1 /dts-v1/', "CHAR_LITERAL '\\\\' ' =92", "'x' x", "''' '"]);
    expect(messages(l)).toEqual(['1:10-16 Character literal has 3 characters instead of 1']);
  });

  it('reads strings with escapes, across lines', () => {
    expect(tokens('/dts-v1/ "a\\tb\\"c\\\\" "x\ny" "\\x41\\101\\q"')).toEqual([
      'V1 /dts-v1/',
      'STRING "a\\tb\\"c\\\\" ="a\\tb\\"c\\\\"',
      'STRING "x\ny" ="x\\ny"',
      'STRING "\\x41\\101\\q" ="AAq"',
    ]);
  });

  it('takes an unterminated string as a lone quote', () => {
    expect(tokens('/dts-v1/ "ab')).toEqual(['V1 /dts-v1/', '\'"\' "', "'a' a", "'b' b"]);
  });

  it('stops at \\x without hex digits, as dtc does', () => {
    const l = lex('/dts-v1/ "a\\xg"');
    expect(l.tokens).toEqual(['V1 /dts-v1/', 'ABORT']);
    expect(messages(l)).toEqual(['1:10-16 \\x used with no following hex digits']);
  });
});

describe('lexer references and operators', () => {
  it('reads label and path references, and && apart from them', () => {
    expect(tokens('/dts-v1/ &foo_1 &{/a/b@1,2} && &{a}')).toEqual([
      'V1 /dts-v1/',
      'LABEL_REF &foo_1 ="foo_1"',
      'PATH_REF &{/a/b@1,2} ="/a/b@1,2"',
      'AND &&',
      "'&' &",
      "'{' {",
      'PROPNODENAME a ="a"',
      "'}' }",
    ]);
  });

  it('reads two-char operators', () => {
    expect(tokens('/dts-v1/ << >> <= >= == != || < > = ! |')).toEqual([
      'V1 /dts-v1/',
      'LSHIFT <<',
      'RSHIFT >>',
      'LE <=',
      'GE >=',
      'EQ ==',
      'NE !=',
      'OR ||',
      "'<' <",
      "'>' >",
      "'=' =",
      "'!' !",
      "'|' |",
    ]);
  });

  it('reads every keyword', () => {
    expect(tokens('/dts-v1/ /plugin/ /memreserve/ /bits/ /incbin/ /delete-property/ x /delete-node/ y /omit-if-no-ref/ z')).toEqual([
      'V1 /dts-v1/',
      'PLUGIN /plugin/',
      'MEMRESERVE /memreserve/',
      'BITS /bits/',
      'INCBIN /incbin/',
      'DEL_PROP /delete-property/',
      'PROPNODENAME x ="x"',
      'DEL_NODE /delete-node/',
      'PROPNODENAME y ="y"',
      'OMIT_NO_REF /omit-if-no-ref/',
      'PROPNODENAME z ="z"',
    ]);
  });
});

describe('lexer trivia', () => {
  it('skips comments and cpp line markers, only at the start of a line', () => {
    expect(tokens('/dts-v1/; /* a */ // b\n# 12 "file.dts" 1 3\n#line 4 "x"\n x; #  5 "y"')).toEqual([
      'V1 /dts-v1/',
      "';' ;",
      'PROPNODENAME x ="x"',
      "';' ;",
      'PROPNODENAME # ="#"',
      'LITERAL 5 =5',
      'STRING "y" ="y"',
    ]);
  });

  it('does not take an unclosed comment or a // without newline as a comment', () => {
    expect(tokens('/dts-v1/ /* x')).toEqual(['V1 /dts-v1/', "'/' /", "'*' *", "'x' x"]);
    expect(tokens('/dts-v1/ // x')).toEqual(['V1 /dts-v1/', "'/' /", "'/' /", "'x' x"]);
  });

  it('ends the input at a NUL byte or a byte above 0x7f, as bison does with dtc\'s signed chars', () => {
    expect(tokens('/dts-v1/ ;\u0000;')).toEqual(['V1 /dts-v1/', "';' ;"]);
    expect(tokens('/dts-v1/ ;\u00ff;')).toEqual(['V1 /dts-v1/', "';' ;"]);
    // Inside strings they are content.
    expect(tokens('/dts-v1/ "\u0000\u00ff"')).toEqual(['V1 /dts-v1/', 'STRING "\u0000\u00ff" ="\\u0000ÿ"']);
  });
});

describe('lexer /include/', () => {
  it('lexes the included file in place, in the same state', () => {
    const l = lex('/dts-v1/; /include/ "inc.dtsi" b;', { 'inc.dtsi': 'a; /* c */ 1w;' });
    expect(l.tokens).toEqual(['V1 /dts-v1/', "';' ;", 'PROPNODENAME a ="a"', "';' ;", 'PROPNODENAME 1w ="1w"', "';' ;", 'PROPNODENAME b ="b"', "';' ;"]);
  });

  it('reports a missing file at the directive and stops', () => {
    const l = lex('/dts-v1/;\n/include/ "nope.dtsi"\nx;');
    expect(l.tokens).toEqual(['V1 /dts-v1/', "';' ;", 'ABORT']);
    expect(messages(l)).toEqual(['2:1-22 Couldn\'t open "nope.dtsi": No such file or directory']);
  });

  it('stops at the 200th file, like dtc (which counts every file it opens)', () => {
    const ok = lex(`/dts-v1/;\n${'/include/ "p.dtsi"\n'.repeat(199)}`, { 'p.dtsi': 'x;' });
    expect(ok.diagnostics).toEqual([]);
    expect(ok.tokens.length).toBe(2 + 2 * 199);
    const cycle = lex('/dts-v1/;\n/include/ "self.dtsi"', { 'self.dtsi': '/include/ "self.dtsi"' });
    expect(messages(cycle)).toEqual(['1:1-22 Includes nested too deeply']);
  });
});

describe('escapes', () => {
  const decode = (s: string): string => {
    const d = decodeEscapes(s, 0, s.length);
    expect(d.error).toBeUndefined();
    return d.value;
  };

  it('decodes C escapes', () => {
    expect(decode('\\a\\b\\t\\n\\v\\f\\r\\0\\\\\\"\\q')).toBe('\x07\b\t\n\v\f\r\0\\"q');
    expect(decode('\\101\\1012\\x41\\x4g')).toBe('AA2A\x04g');
  });

  it('keeps dtc\'s strtol quirks (bytes measured with dtc 1.6.1)', () => {
    // "\x 1\x-1\x0x\777\400" compiles to 01 ff 00 78 ff 00.
    expect(decode('\\x 1\\x-1\\x0x\\777\\400')).toBe('\x01\xff\x00x\xff\x00');
  });

  it('fails on \\x without hex digits', () => {
    expect(decodeEscapes('a\\xg', 0, 4).error).toBe('\\x used with no following hex digits');
    expect(decodeEscapes('\\x', 0, 2).error).toBe('\\x used with no following hex digits');
  });
});
