/**
 * The prefix store (prefix.ts) as one compile consults it: the one place that decides whether a
 * kept prefix is taken up or a new one is kept, and what each stage of the front end is handed.
 * Each stage has one hook for it (the preprocessor's, the parser's and the tree builder's `prefix`
 * option) and knows nothing of the store: compile.ts asks this session what to pass and tells it
 * what each stage gave.
 */
import type { TopItemAst } from '../ast.js';
import type { BuildOptions, BuilderState } from '../build.js';
import type { ParseOptions, ParseResult, PrefixEnd } from '../parser.js';
import type { PreprocessOptions, PreprocessResult } from '../preprocess/index.js';
import type { HeadState, PrefixState } from '../preprocess/run-checkpoint.js';
import type { SourceFile, SourceHost } from '../source.js';
import { writeBuilderState } from './live-codec.js';
import { lookupsUnchanged, prefixKey, type Prefix, type PrefixKey, type PrefixStore } from './prefix.js';
import { headKey, relocate, shareable, shareKey, sharedItems, type PrefixShare, type ShareKey } from './prefix-share.js';
import { StreamWriter, type EncodedStream } from './stream-codec.js';

/**
 * A prefix that gives less text than this (headers of macros, a small .dtsi) is not kept:
 * preprocessing and parsing it again costs about what restoring its macro table does.
 */
const MIN_PREFIX_TEXT = 16 * 1024;

/** What the prefix's key depends on besides the main file: the run's dirs and defines. */
export type PrefixOptions = Omit<PrefixKey, 'main' | 'line' | 'text'>;

/** What compile.ts asks a session, stage by stage. */
export interface FrontEndPrefix {
  preprocessing(): NonNullable<PreprocessOptions['prefix']>;
  parsing(pp: PreprocessResult): NonNullable<ParseOptions['prefix']> | undefined;
  building(pp: PreprocessResult, parsed: ParseResult): NonNullable<BuildOptions['prefix']> | undefined;
  done(): void;
}

/**
 * The session of `input` (read from `path`), or undefined when the host keeps no prefixes and
 * shares none, or the file does not open with #include lines.
 */
export function prefixSession(input: SourceFile, path: string, options: PrefixOptions, host: SourceHost): FrontEndPrefix | undefined {
  const store = host.stores.prefixes;
  if (store) {
    const key = prefixKey(input, path, options, host.stores.scans);
    return key ? new PrefixSession(store, key, host) : undefined;
  }
  const share = host.stores.share;
  if (!share) return undefined;
  const key = shareKey(input, path, options, host.stores.scans);
  return key ? new SharedPrefixSession(share, key, { path, file: input.path }, host) : undefined;
}

export class PrefixSession implements FrontEndPrefix {
  /** The kept prefix the run goes on from, while each stage took it up. */
  private kept: Prefix | undefined;
  /** The prefix the run takes to keep: the preprocessor's and the parser's ends so far. */
  private taking: { pp: NonNullable<PreprocessResult['prefix']>; parse: NonNullable<ParseResult['prefix']> } | undefined;
  private builtState: EncodedStream | undefined;

  constructor(
    private readonly store: PrefixStore,
    private readonly key: PrefixKey,
    host: SourceHost,
  ) {
    const kept = store.load(key);
    this.kept = kept && usable(kept, host) ? kept : undefined;
  }

  /** The preprocessor's hook: go on from the kept prefix, or take one at the end of the includes. */
  preprocessing(): NonNullable<PreprocessOptions['prefix']> {
    const kept = this.kept;
    return { line: this.key.line, ...(kept ? { restore: kept.pp } : { minText: MIN_PREFIX_TEXT }) };
  }

  /** The parser's hook, from what the preprocessor gave; undefined when it neither took nor restored one. */
  parsing(pp: PreprocessResult): NonNullable<ParseOptions['prefix']> | undefined {
    if (!pp.restored) this.kept = undefined;
    const kept = this.kept;
    const end = kept ? kept.pp.output.text.length : pp.prefix?.output.text.length;
    if (end === undefined) return undefined;
    return { end, ...(kept ? { restore: kept.parse } : { take: true }) };
  }

  /** The tree builder's hook, from what the preprocessor and the parser gave. */
  building(pp: PreprocessResult, parsed: ParseResult): NonNullable<BuildOptions['prefix']> | undefined {
    const kept = this.kept;
    if (kept) return { restore: kept.built };
    if (!pp.prefix || !parsed.prefix) return undefined;
    this.taking = { pp: pp.prefix, parse: parsed.prefix };
    return { take: parsed.prefix.itemCount, keep: (state) => this.keep(state) };
  }

  /** Keeps the prefix taken, when the tree builder handed over its state. */
  done(): void {
    if (this.taking && this.builtState) this.store.save(this.key, { ...this.taking, built: this.builtState });
  }

  /** The tree builder's state after the prefix's items, encoded now: the items after it change the tree. */
  private keep(state: BuilderState): void {
    this.builtState = encodeBuilt(state);
  }
}

/** A kept prefix whose lookups find what they found then, and whose builder state decodes. */
function usable(prefix: Prefix, host: SourceHost): boolean {
  if (!lookupsUnchanged(prefix.pp.reads, host)) return false;
  try {
    void prefix.built;
    return true;
  } catch {
    // A damaged entry: a miss, overwritten by this run.
    return false;
  }
}

/**
 * A session with the run's prefix share (prefix-share.ts): at the main file's first #include the
 * preprocessor asks for a state kept from another board with the same #include lines, relocated to
 * this one; without one, the state at the end of them is taken (for the boards after this one),
 * when another board of the run opened with the same lines before.
 */
export class SharedPrefixSession implements FrontEndPrefix {
  private kept: { pp: PrefixState; parse: PrefixEnd; items: TopItemAst[] } | undefined;
  /** The key of the state for this board's head, once the preprocessor gave the head. */
  private key: string | undefined;
  private taking: { pp: NonNullable<PreprocessResult['prefix']>; parse: NonNullable<ParseResult['prefix']>; items: TopItemAst[] } | undefined;

  constructor(
    private readonly share: PrefixShare,
    private readonly lines: ShareKey,
    private readonly main: { path: string; file: string },
    private readonly host: SourceHost,
  ) {}

  preprocessing(): NonNullable<PreprocessOptions['prefix']> {
    return { line: this.lines.last, minText: MIN_PREFIX_TEXT, splice: { line: this.lines.first, find: (head) => this.find(head) } };
  }

  /** A state to go on from; else true when the prefix is worth taking for the boards after this one. */
  private find(head: HeadState): PrefixState | boolean {
    const key = headKey(this.lines, head);
    if (key === undefined) return false;
    const shared = this.share.find(key);
    const usable = shared !== undefined && lookupsUnchanged(shared.pp.reads, this.host);
    const take = !usable && this.share.wanted(this.lines);
    this.share.done(this.lines);
    if (!usable) {
      if (take) this.key = key;
      return take;
    }
    const { pp, parse } = relocate(shared, head, this.main, this.lines.last);
    this.kept = { pp, parse, items: shared.items };
    return pp;
  }

  parsing(pp: PreprocessResult): NonNullable<ParseOptions['prefix']> | undefined {
    if (!pp.restored) this.kept = undefined;
    const kept = this.kept;
    const end = kept ? kept.pp.output.text.length : this.key !== undefined ? pp.prefix?.output.text.length : undefined;
    if (end === undefined) return undefined;
    return { end, ...(kept ? { restore: kept.parse } : { take: true }) };
  }

  building(pp: PreprocessResult, parsed: ParseResult): NonNullable<BuildOptions['prefix']> | undefined {
    const kept = this.kept;
    if (kept) return { items: kept.items };
    if (this.key !== undefined && pp.prefix && parsed.prefix) this.taking = { pp: pp.prefix, parse: parsed.prefix, items: sharedItems(parsed.ast.items, parsed.prefix.itemCount) };
    return undefined;
  }

  done(): void {
    const taking = this.taking;
    if (!taking || this.key === undefined) return;
    const block = taking.pp.block;
    if (!block) return;
    const pp = { ...taking.pp, block };
    if (shareable(pp, this.main.path)) this.share.keep(this.lines, this.key, { pp, parse: taking.parse, items: taking.items });
  }
}

/**
 * The builder state encoded now (the items after the prefix change the tree), or undefined for a
 * state the codec does not take (it says which): no prefix kept.
 */
function encodeBuilt(state: BuilderState): EncodedStream | undefined {
  try {
    const w = new StreamWriter();
    writeBuilderState(w, state);
    return w.done();
  } catch {
    return undefined;
  }
}
