/**
 * The `#define NAME value` lines of a header whose replacement is one number or one name, read as
 * cpp reads them (comments are not tokens, a backslash-newline continues a line; the preprocessor's
 * own scan of the file, made once per process and kept by the run's scan store). What a reader of a
 * header's constants needs (the i.MX resource and pad numbers) without reaching into the
 * preprocessor's lexer.
 */
import type { SourceFile } from '../source.js';
import type { ScanStore } from './scan.js';
import { definitionAt } from './directives.js';
import { isDefineError } from './macros.js';
import { Dir, scanOf } from './scan.js';
import { Tok } from './tokens.js';

export type SimpleDefineValue = { kind: 'number'; text: string } | { kind: 'name'; name: string };

export interface SimpleDefine {
  name: string;
  value: SimpleDefineValue;
}

/** The object-like one-token `#define`s of `file` in definition order. */
export function simpleDefinesOf(file: SourceFile, store?: ScanStore): SimpleDefine[] {
  const scan = scanOf(file, store);
  const out: SimpleDefine[] = [];
  for (let l = 0; l < scan.lineCount; l++) {
    if (scan.lineKind[l] !== Dir.DEFINE) continue;
    const macro = definitionAt(scan, l);
    if (isDefineError(macro) || macro.funLike || macro.bodyEnd - macro.bodyStart !== 1) continue;
    const body = macro.bodyStart;
    const type = scan.type[body];
    if (type === Tok.NUMBER) out.push({ name: macro.name, value: { kind: 'number', text: scan.text(body) } });
    else if (type === Tok.NAME) out.push({ name: macro.name, value: { kind: 'name', name: scan.name(body) } });
  }
  return out;
}
