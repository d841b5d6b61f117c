import type { Argv } from 'yargs';
import { listRules, ruleInfo } from '../../lint/index.js';
import { emit } from '../io.js';

export interface RulesArgs {
  format: 'text' | 'json';
}

export function rulesOptions(y: Argv): Argv<RulesArgs> {
  return y
    .option('format', { alias: 'f', choices: ['text', 'json'] as const, default: 'text' as const, describe: 'Output format' })
    .example('$0 rules', 'every rule with its level, summary and docs page') as unknown as Argv<RulesArgs>;
}

/** `dtlint rules`: every rule, its default level, one line and its docs page. */
export function runRules(args: RulesArgs): number {
  if (args.format === 'json') emit(JSON.stringify(ruleInfo(), null, 2) + '\n', undefined);
  else emit(listRules(), undefined);
  return 0;
}
