/**
 * The commonest DTS break is a macro that is not defined where it is used (a header renamed it, an
 * #include is missing): cpp leaves the name as it is and dtc stops with `syntax error` at its first
 * letter. When the parser's error stands on a name, say that instead, with the close names the
 * run's files do define and where, and tell a function-like macro used without arguments apart.
 * Only on the error path: a clean run never gets here.
 */
import type { Diagnostic, RelatedLocation } from './diagnostic.js';
import { closeNames, orList } from './message-text.js';
import { SourceFile, type SourceHost } from './source.js';

const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;
const DEFINE = /^[ \t]*#[ \t]*define[ \t]+([A-Za-z_][A-Za-z0-9_]*)(\()?/gm;

interface Defined {
  name: string;
  funLike: boolean;
  file: SourceFile;
  offset: number;
}

/** The diagnostic, rewritten when its position is the start of a name no macro expanded. */
export function explainUndefinedName(d: Diagnostic, files: readonly string[], host: SourceHost): Diagnostic {
  if (d.code !== 'syntax-error' || !d.message.startsWith('syntax error: unexpected') || d.at.expansion) return d;
  const source = host.read(d.at.file);
  if (!(source instanceof SourceFile)) return d;
  const lineStart = source.lineStarts[d.at.line - 1];
  if (lineStart === undefined) return d;
  const offset = lineStart + d.at.column - 1;
  const before = source.text[offset - 1];
  if (before !== undefined && /[A-Za-z0-9_]/.test(before)) return d; // inside a word: not a name's start
  const word = NAME.exec(source.text.slice(offset, offset + 256))?.[0];
  if (word === undefined) return d;

  const defined = definitionsIn(files, host);
  const at = { ...d.at, endColumn: d.at.column + word.length, endLine: d.at.line };
  const same = defined.find((m) => m.name === word);
  if (same?.funLike) {
    return {
      ...d,
      at,
      message: `${word} is a function-like macro: cpp expands it only with arguments, ${word}(...), and leaves the bare name, where dtc stops (syntax error)`,
      related: [...(d.related ?? []), definedHere(same)],
    };
  }
  if (same) {
    return {
      ...d,
      at,
      message: `${word} is not defined at this point (its #define comes after this line, sits in a skipped #if, or was #undef'd), so cpp leaves the name and dtc stops here (syntax error)`,
      related: [...(d.related ?? []), definedHere(same)],
    };
  }
  const close = closeNames(word, defined.map((m) => m.name));
  const related: RelatedLocation[] = close.map((name) => definedHere(defined.find((m) => m.name === name)!));
  const hint = close.length > 0 ? `; did you mean ${orList(close)}?` : '; #include the header that defines it';
  return {
    ...d,
    at,
    message: `${word} is not defined (no #define of it before this line), so cpp leaves the name and dtc stops here (syntax error)${hint}`,
    related: [...(d.related ?? []), ...related],
  };
}

function definedHere(m: Defined): RelatedLocation {
  const nameStart = m.file.text.indexOf(m.name, m.offset);
  return { message: `${m.name} is defined here`, at: m.file.rangeAt(nameStart, nameStart + m.name.length) };
}

/** Every `#define` name of the run's files (the last definition of a name wins), in file order. */
function definitionsIn(files: readonly string[], host: SourceHost): Defined[] {
  const byName = new Map<string, Defined>();
  for (const path of files) {
    const file = host.read(path);
    if (!(file instanceof SourceFile)) continue;
    for (const m of file.text.matchAll(DEFINE)) byName.set(m[1]!, { name: m[1]!, funLike: m[2] === '(', file, offset: m.index });
  }
  return [...byName.values()];
}
