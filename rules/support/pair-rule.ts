/**
 * Pair rules: `defineRule` with scope 'pair' bound to the pair model, plus `softMessages`, messages
 * that come out one level below the rule's (an `error` rule reports them as warnings): uboot-strip is
 * an error for a passed device and a warning for a host device the host merely loses.
 */
import { defineRule, type Messages, type Rule, type RuleDefinition } from '../../src/lint/rule.js';
import type { PairModel } from '../../src/passthrough/pair.js';

export type PairRuleDefinition<M extends Messages> = RuleDefinition<'pair', M, PairModel> & {
  /** Message ids reported one level below the rule's level. */
  softMessages?: ReadonlyArray<keyof M & string>;
};

export type PairRule<M extends Messages = Messages> = Rule<'pair', M, PairModel> & { softMessages: readonly string[] };

export function definePairRule<const M extends Messages>(definition: PairRuleDefinition<M>): PairRule<M> {
  const { softMessages, ...rest } = definition;
  return { ...defineRule<'pair', M, PairModel>(rest), softMessages: softMessages ?? [] };
}
