import type { Argv } from 'yargs';
import { listRules, ruleInfo } from '../../run/index.js';
import { emit } from '../io.js';
import { DOCS_BASE_URL } from '../../report/index.js';

export interface RulesArgs {
  format: 'text' | 'json';
  symptom?: string;
}

export function rulesOptions(y: Argv): Argv<RulesArgs> {
  return y
    .option('format', { alias: 'f', choices: ['text', 'json'] as const, default: 'text' as const, describe: 'Output format' })
    .option('symptom', { alias: 's', type: 'string', describe: 'Only the rules that explain a run-time symptom ("no interrupts", "DMA faults")' })
    .example('$0 rules', 'every rule with its level, summary and docs page')
    .example('$0 rules --symptom "no interrupts"', 'the rules that explain why a passed device gets no interrupts') as unknown as Argv<RulesArgs>;
}

/** `dtlint rules`: every rule, its default level, one line and its docs page. */
export function runRules(args: RulesArgs): number {
  // The same links SARIF's helpUri gives code scanning: absolute, so they work from any directory.
  const options = { docsBase: DOCS_BASE_URL, ...(args.symptom !== undefined ? { symptom: args.symptom } : {}) };
  if (args.format === 'json') emit(JSON.stringify(ruleInfo(options), null, 2) + '\n', undefined);
  else emit(listRules(options), undefined);
  return 0;
}
