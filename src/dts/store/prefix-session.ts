/**
 * The prefix store (prefix.ts) as one compile consults it: the one place that decides whether a
 * kept prefix is taken up or a new one is kept, and what each stage of the front end is handed.
 * Each stage has one hook for it (the preprocessor's, the parser's and the tree builder's `prefix`
 * option) and knows nothing of the store: compile.ts asks this session what to pass and tells it
 * what each stage gave.
 */
import type { BuildOptions, BuilderState } from '../build.js';
import type { ParseOptions, ParseResult } from '../parser.js';
import type { PreprocessOptions, PreprocessResult } from '../preprocess/index.js';
import type { SourceFile, SourceHost } from '../source.js';
import { writeBuilderState } from './live-codec.js';
import { lookupsUnchanged, prefixKey, type Prefix, type PrefixKey, type PrefixStore } from './prefix.js';
import { StreamWriter, type EncodedStream } from './stream-codec.js';

/**
 * A prefix that gives less text than this (headers of macros, a small .dtsi) is not kept:
 * preprocessing and parsing it again costs about what restoring its macro table does.
 */
const MIN_PREFIX_TEXT = 16 * 1024;

/** What the prefix's key depends on besides the main file: the run's dirs and defines. */
export type PrefixOptions = Omit<PrefixKey, 'main' | 'line' | 'text'>;

/**
 * The session of `input` (read from `path`), or undefined when the host keeps no prefixes or the
 * file does not open with #include lines.
 */
export function prefixSession(input: SourceFile, path: string, options: PrefixOptions, host: SourceHost): PrefixSession | undefined {
  const store = host.stores.prefixes;
  if (!store) return undefined;
  const key = prefixKey(input, path, options, host.stores.scans);
  return key ? new PrefixSession(store, key, host) : undefined;
}

export class PrefixSession {
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
    try {
      const w = new StreamWriter();
      writeBuilderState(w, state);
      this.builtState = w.done();
    } catch {
      // A state the codec does not take (it says which): no prefix kept.
    }
  }
}

/** A kept prefix whose lookups find what they found then, and whose builder state decodes. */
function usable(prefix: Prefix, host: SourceHost): boolean {
  if (!lookupsUnchanged(prefix, host)) return false;
  try {
    void prefix.built;
    return true;
  } catch {
    // A damaged entry: a miss, overwritten by this run.
    return false;
  }
}
