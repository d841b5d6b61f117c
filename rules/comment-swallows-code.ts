/**
 * comment-swallows-code: a block comment that holds DTS statements or another `/*`.
 * cpp ends a block comment at the first `*\/`, so an author who comments out a block that already
 * holds a comment, or forgets to close one, silently loses the code in between. Tuned on Linux 6.12
 * arm64 (test/rules/comment-swallows-code.corpus.test.ts). A comment that starts with the code it
 * holds and nests no `/*` was written to hide that code: commented-out-code reports those (off by
 * default); this rule keeps the accidents (a nested `/*`, prose that runs on into code).
 */
import { defineRule } from '../src/lint/rule.js';
import { scanComments, type Comment } from '../src/lint/comments.js';
import { SourceFile } from '../src/dts/source.js';
import { identityOrigins } from '../src/dts/origin.js';

/** A DTS statement found inside a comment. */
export interface HiddenStatement {
  /** Short form for the message: `&fec1 { ... }`, `ranges = <...>`, `/delete-property/ clocks`. */
  summary: string;
  /** Offsets in the file of the statement's first line, from its first character to the line's end. */
  offset: number;
  end: number;
}

export interface SwallowedCode {
  comment: Comment;
  /** Top-level statements the comment hides, in order. */
  statements: HiddenStatement[];
  /** Offset of a `/*` inside the comment, when there is one. */
  nestedOpen?: number;
  /**
   * The comment starts with the code it hides and holds no other `/*`: someone commented that code
   * out on purpose (`/* iommus = <&smmu 0x874>; *\/`). commented-out-code's, not this rule's.
   */
  deliberate: boolean;
}

const LABELS = String.raw`(?:[A-Za-z_][\w]*:\s*)*`;
const NODE_NAME = String.raw`[A-Za-z0-9,._+-]+(?:@[A-Za-z0-9,._+-]*)?`;
const PROP_NAME = String.raw`[#A-Za-z0-9,._+?-]+`;

const REF_OPEN = new RegExp(String.raw`^${LABELS}&([A-Za-z_]\w*|\{[^}]*\})\s*\{`);
const NODE_OPEN = new RegExp(String.raw`^${LABELS}(${NODE_NAME}|/)\s*\{\s*$`);
const ASSIGN = new RegExp(String.raw`^${LABELS}(${PROP_NAME})\s*=\s*(/bits/\s*\d+\s*<|<|"|\[|&)(.*)$`);
const BOOLEAN_PROP = /^([#a-z][\w,.+-]*[-,#][\w,.+-]*)\s*;$/;
const DIRECTIVE = /^(\/delete-(?:property|node)\/\s*[^;\s]+)\s*;/;
const INCLUDE = /^(#include\s*[<"][^>"]*[>"]|\/include\/\s*"[^"]*")/;
const CLOSE = /^}\s*;/;

/**
 * A line that starts with `*` is part of a decorated prose comment: code there is a deliberate
 * example (`* reg = <ADDR SIZE>;`), written to be read, not compiled.
 */
function isDecorated(line: string): boolean {
  return line.startsWith('*');
}

function valueSummary(opener: string): string {
  if (opener.startsWith('/bits/')) return `${opener.replace(/\s+/g, ' ')}...>`;
  switch (opener) {
    case '<':
      return '<...>';
    case '"':
      return '"..."';
    case '[':
      return '[...]';
    default:
      return '&...';
  }
}

/** The statements a comment body holds, or none when it reads as prose. */
export function findHiddenStatements(body: string, bodyStart: number): HiddenStatement[] {
  const statements: HiddenStatement[] = [];
  let depth = 0;
  let offset = bodyStart;
  for (const raw of body.split('\n')) {
    const lineOffset = offset;
    offset += raw.length + 1;
    const line = raw.trim();
    if (line === '' || isDecorated(line)) continue;
    const at = lineOffset + raw.indexOf(line[0]!);
    const end = at + line.length;
    let m: RegExpExecArray | null;
    if ((m = REF_OPEN.exec(line))) {
      if (depth === 0) statements.push({ summary: `&${m[1]} { ... }`, offset: at, end });
      if (!/}\s*;\s*$/.test(line)) depth++;
    } else if ((m = NODE_OPEN.exec(line))) {
      if (depth === 0) statements.push({ summary: `${m[1]} { ... }`, offset: at, end });
      depth++;
    } else if (CLOSE.test(line)) {
      depth = Math.max(0, depth - 1);
    } else if ((m = ASSIGN.exec(line))) {
      // A value runs to `;`, or goes on with `,` on the next line; prose rarely ends that way.
      if (!/[;,]\s*(\/\*.*\*\/|\/\/.*)?$/.test(m[3]!)) continue;
      if (depth === 0) statements.push({ summary: `${m[1]} = ${valueSummary(m[2]!)}`, offset: at, end });
    } else if ((m = DIRECTIVE.exec(line)) || (m = INCLUDE.exec(line))) {
      if (depth === 0) statements.push({ summary: m[1]!.replace(/\s+/g, ' '), offset: at, end });
    } else if ((m = BOOLEAN_PROP.exec(line))) {
      if (depth === 0) statements.push({ summary: `${m[1]};`, offset: at, end });
    }
  }
  return statements;
}

/** Every block comment of `text` that hides code. */
export function findSwallowedCode(text: string): SwallowedCode[] {
  const found: SwallowedCode[] = [];
  for (const comment of scanComments(text)) {
    if (comment.kind !== 'block' || !comment.closed) continue;
    const statements = findHiddenStatements(comment.body, comment.bodyStart);
    // Any `/*` in a comment: cpp's -Wcomment warns on all of them, and upstream has none.
    const nested = comment.body.indexOf('/*');
    if (statements.length === 0 && nested === -1) continue;
    const firstText = /\S/.exec(comment.body);
    const startsWithCode = firstText !== null && statements[0] !== undefined && comment.bodyStart + firstText.index === statements[0].offset;
    const result: SwallowedCode = { comment, statements, deliberate: nested === -1 && startsWithCode };
    if (nested !== -1) result.nestedOpen = comment.bodyStart + nested;
    found.push(result);
  }
  return found;
}

/** Per file: a .dtsi that many boards include is scanned once per process. */
const swallowedByFile = new WeakMap<SourceFile, SwallowedCode[]>();

export function swallowedCodeOf(file: SourceFile): SwallowedCode[] {
  let found = swallowedByFile.get(file);
  if (!found) {
    found = findSwallowedCode(file.text);
    swallowedByFile.set(file, found);
  }
  return found;
}

const MAX_LISTED = 3;

export function listStatements(statements: HiddenStatement[]): string {
  const shown = statements.slice(0, MAX_LISTED).map((s) => `\`${s.summary}\``);
  const more = statements.length - shown.length;
  return more > 0 ? `${shown.join(', ')} and ${more} more` : shown.join(', ');
}

export default defineRule({
  id: 'comment-swallows-code',
  level: 'warning',
  scope: 'source',
  requiresTree: false,
  summary: 'A block comment contains DTS statements or a nested `/*`: code the author thinks is active is not',
  messages: {
    hides: 'block comment runs on from prose into {{statements}}: that code is not active; if the comment was meant to end after the prose, close it there',
    hidesNested:
      'block comment hides {{statements}}: that code is not active (the `/*` inside it does not start a new comment; the first `*/` ends this one)',
    nested:
      'block comment contains another `/*`: comments do not nest, so the first `*/` ends this one',
  },
  check(ctx) {
    for (const path of ctx.userFiles) {
      const file = ctx.sources.read(path);
      if (!(file instanceof SourceFile)) continue;
      const hits = swallowedCodeOf(file);
      if (hits.length === 0) continue;
      const { locate } = identityOrigins(file);
      for (const hit of hits) {
        if (hit.deliberate) continue; // commented-out-code's
        const at = locate(hit.comment.start, hit.comment.end);
        const related = hit.statements.slice(0, 1).map((s) => ({
          message: 'first hidden statement',
          at: locate(s.offset, s.end),
        }));
        if (hit.nestedOpen !== undefined) {
          const nestedAt = locate(hit.nestedOpen, hit.nestedOpen + 2);
          related.push({ message: 'this `/*` is inside the comment', at: nestedAt });
          // The note carries the inner `/*`'s position: a message without one keeps its fingerprint when lines move.
          if (hit.statements.length > 0)
            ctx.report({ at, messageId: 'hidesNested', data: { statements: listStatements(hit.statements) }, related });
          else ctx.report({ at, messageId: 'nested', related });
        } else {
          ctx.report({ at, messageId: 'hides', data: { statements: listStatements(hit.statements) }, related });
        }
      }
    }
  },
});
