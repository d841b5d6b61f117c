/**
 * A rule is data plus one function (ESLint's `meta` + `create`): the engine can list, configure and
 * document a rule without running it. Messages have ids and typed `{{placeholders}}`, so tests and
 * configs do not depend on wording.
 */
import type { Diagnostic, RelatedLocation } from '../dts/diagnostic.js';
import type { Location } from '../dts/location.js';
import type { SourceHost } from '../dts/source.js';
import type { Tree } from '../dts/tree.js';
import type { ConfiguredLevel, Level } from './finding.js';

/** `source` rules see one file's tree; `pair` rules see a host/guest pair. */
export type Scope = 'source' | 'pair';

/** Which extra dtc warnings a kernel build asks for (scripts/Makefile.dtbs): none, W=1, W=2 or both. */
export type DtcWarningSet = 'kernel' | 'W=1' | 'W=2' | 'W=12';

export type Messages = Readonly<Record<string, string>>;

/** The placeholder names of a message template: `'{{a}} and {{b}}'` gives `'a' | 'b'`. */
export type Placeholders<T extends string> = T extends `${string}{{${infer P}}}${infer Rest}`
  ? P | Placeholders<Rest>
  : never;

type MessageData<T extends string> = [Placeholders<T>] extends [never]
  ? { data?: undefined }
  : { data: Record<Placeholders<T>, string | number> };

interface ReportBase<K extends string> {
  messageId: K;
  /** Where the problem is, in the file the user wrote. */
  at: Location;
  /** Other places that explain it (the other IOMMU group members, the definition of a macro). */
  related?: RelatedLocation[];
  /** A dependency chain, first to last (fec1 → clocks → enet0_lpcg). */
  chain?: Location[];
  /** Node path and property (`/soc/bus@5b000000/ethernet@5b040000:iommus`): keys the fingerprint. */
  subject?: string;
  /** What the user sees at run time, one of the rule's `symptoms`. */
  symptom?: string;
}

/** The engine's view of a report, whatever rule made it. */
export interface AnyReport extends ReportBase<string> {
  data?: Readonly<Record<string, string | number>>;
}

/**
 * What a rule passes to `report`: one of its message ids with exactly that message's data
 * (for a rule whose messages are not known, as in the registry's list, any report).
 */
export type ReportDescriptor<M extends Messages> = string extends keyof M
  ? AnyReport
  : { [K in keyof M & string]: ReportBase<K> & MessageData<M[K]> }[keyof M & string];

/** What a `source` rule sees: one linted file. */
export interface SourceInput {
  /** The linted file, as given. */
  file: string;
  /** The merged tree; undefined when the front end could not build one (rules with `requiresTree` are skipped then). */
  tree: Tree | undefined;
  /** The front end's diagnostics for this file. */
  diagnostics: readonly Diagnostic[];
  /** Every file read to compile it, the linted file first. */
  files: readonly string[];
  /** The linted file and the DTS files it includes from the user's own tree (not kernel headers). */
  userFiles: readonly string[];
  /** Raw text of any file, as the front end read it (latin1: one char per byte). */
  sources: SourceHost;
  /** The config's `dtcWarnings`: dtc parity rules report what a kernel build does, or with W=1, W=2, W=12. */
  dtcWarnings: DtcWarningSet;
  /**
   * Rules the config or `--rule` (or dtc's `-W`/`-E`) set to a level explicitly: a W=1 check asked
   * for by name runs whatever `dtcWarnings` says.
   */
  explicitlyOn: ReadonlySet<string>;
}

/** What a `pair` rule sees; `P` is the passthrough layer's pair model. */
export interface PairInput<P> {
  pair: P;
}

export type ScopeInput<S extends Scope, P> = S extends 'source' ? SourceInput : PairInput<P>;

export type RuleContext<S extends Scope, M extends Messages, P = unknown> = ScopeInput<S, P> & {
  ruleId: string;
  report(descriptor: ReportDescriptor<M>): void;
};

export interface RuleDefinition<S extends Scope, M extends Messages, P = unknown> {
  id: string;
  /** Default level; config and `--rule` change it ('off': a rule one turns on when wanted). */
  level: ConfiguredLevel;
  scope: S;
  /** One line for `dtlint rules` and SARIF's shortDescription. */
  summary: string;
  /** Docs page, repository-relative; defaults to `docs/rules/<id>.md`. */
  docs?: string;
  /** Run-time symptoms this rule explains (the device is missing on the host, DMA faults, ...). */
  symptoms?: readonly string[];
  messages: M;
  /**
   * Message ids reported one level below the rule's (an `error` rule reports them as warnings): a
   * finding the rule is less sure of, or whose consequence depends on the consumer.
   */
  softMessages?: ReadonlyArray<keyof M & string>;
  /**
   * Source rules only: skip this rule for a file whose tree could not be built (dtc's check
   * prerequisites: one syntax error, not a cascade). Default true.
   */
  requiresTree?: boolean;
  check(ctx: RuleContext<S, M, P>): void;
}

export interface Rule<S extends Scope = Scope, M extends Messages = Messages, P = unknown>
  extends RuleDefinition<S, M, P> {
  docs: string;
  symptoms: readonly string[];
  requiresTree: boolean;
}

/** Any rule the registry can hold; `check` is a method, so a rule over a concrete pair model fits. */
export type AnyRule = Rule<'source', Messages> | Rule<'pair', Messages, unknown>;

/**
 * Declares a rule. Pair rules bind their model once, e.g.
 * `const definePairRule = <const M extends Messages>(d: RuleDefinition<'pair', M, PairModel>) => defineRule(d);`
 */
export function defineRule<S extends Scope, const M extends Messages, P = unknown>(
  definition: RuleDefinition<S, M, P>,
): Rule<S, M, P> {
  return {
    ...definition,
    docs: definition.docs ?? `docs/rules/${definition.id}.md`,
    symptoms: definition.symptoms ?? [],
    requiresTree: definition.requiresTree ?? true,
  };
}

/** The soft messages of any registered rule (see `RuleDefinition.softMessages`). */
export function softMessagesOf(rule: object): readonly string[] {
  const soft = (rule as { softMessages?: unknown }).softMessages;
  return Array.isArray(soft) ? (soft as string[]) : [];
}

/** Fills `{{name}}` placeholders; an unknown one stays as written, so a typo shows in tests. */
export function formatMessage(template: string, data: Readonly<Record<string, string | number>> = {}): string {
  return template.replace(/\{\{\s*([\w-]+)\s*\}\}/g, (whole, name: string) =>
    Object.hasOwn(data, name) ? String(data[name]) : whole,
  );
}

/**
 * A rule that reports the front end's diagnostics whose `code` is its id: syntax errors,
 * unresolved references, and the dtc parity checks under dtc's own names.
 */
export function defineDiagnosticRule(meta: {
  id: string;
  level: Level;
  summary: string;
  docs?: string;
  symptoms?: readonly string[];
}): Rule<'source', { diagnostic: '{{message}}' }> {
  return defineRule({
    ...meta,
    scope: 'source',
    requiresTree: false,
    messages: { diagnostic: '{{message}}' },
    check(ctx) {
      for (const d of ctx.diagnostics) {
        if (d.code !== meta.id) continue;
        ctx.report({ at: d.at, messageId: 'diagnostic', data: { message: d.message }, related: d.related ?? [] });
      }
    },
  });
}
