/**
 * `node dist/scripts/probes/noise.js`: the noise budget of the source rules. Lints every arm64 and arm board
 * of the Linux corpus with every source rule on (in one process, one board at a time) and prints,
 * per rule, how many findings it makes (each finding once, however many boards include its file),
 * on how many boards, and a sample of error-level findings to check by hand. Upstream Linux is
 * the reference: an error there must be a real bug.
 *
 *   node dist/scripts/probes/noise.js [--arch arm64|arm]... [--only SUBSTRING]... [--w1] [--sample N] [--rule ID]... [--list ID]
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { rules } from '../../rules/index.js';
import { compileDts } from '../../src/dts/index.js';
import { SourceHost } from '../../src/dts/source.js';
import { lint } from '../../src/lint/engine.js';
import type { Finding } from '../../src/lint/finding.js';
import { CORPUS_ARCHS, cachedCorpusDir, corpusRoot, listBoards } from '../corpus/corpus.js';

interface RuleCount {
  level: string;
  unique: number;
  boards: Set<string>;
}

const log = (line: string): void => void process.stdout.write(`${line}\n`);

function main(): number {
  const { values } = parseArgs({
    options: {
      arch: { type: 'string', multiple: true },
      only: { type: 'string', multiple: true },
      rule: { type: 'string', multiple: true },
      list: { type: 'string', multiple: true },
      w1: { type: 'boolean', default: false },
      sample: { type: 'string', default: '20' },
      root: { type: 'string' },
    },
  });
  const root = values.root ?? corpusRoot() ?? cachedCorpusDir();
  const archs = values.arch ?? [...CORPUS_ARCHS];
  const only = values.only ?? [];
  const sampleSize = Number(values.sample);
  const sourceRules = rules.filter((r) => r.scope === 'source' && r.id !== 'unused-suppression');
  const selected = values.rule ?? sourceRules.map((r) => r.id);
  const levels = Object.fromEntries(rules.map((r) => [r.id, selected.includes(r.id) && r.scope === 'source' ? r.level : 'off'] as const));
  levels['unused-suppression'] = 'off';

  const host = new SourceHost();
  const counts = new Map<string, RuleCount>(sourceRules.filter((r) => selected.includes(r.id)).map((r) => [r.id, { level: r.level, unique: 0, boards: new Set() }]));
  const seen = new Set<string>();
  const errors: Finding[] = [];
  const listed: Finding[] = [];
  const failures: string[] = [];
  let boards = 0;
  const started = Date.now();
  for (const arch of archs) {
    for (const board of listBoards(root, arch)) {
      if (only.length > 0 && !only.some((o) => board.includes(o))) continue;
      boards++;
      const file = join(root, board);
      const result = lint([file], {
        compile: compileDts,
        registry: rules,
        host,
        rules: levels,
        config: { dtcWarnings: values.w1 ? 'W=1' : 'kernel', root },
        cwd: root,
      });
      for (const n of result.notifications) failures.push(`${board}: ${n.message}`);
      for (const f of result.findings) {
        const count = counts.get(f.ruleId);
        if (!count) continue;
        count.boards.add(board);
        const key = JSON.stringify([f.ruleId, f.at.file, f.at.line, f.at.column, f.message]);
        if (seen.has(key)) continue;
        seen.add(key);
        count.unique++;
        if (f.level === 'error') errors.push(f);
        if (values.list?.includes(f.ruleId)) listed.push(f);
      }
    }
  }

  const rel = (path: string): string => (path.startsWith(`${root}/`) ? path.slice(root.length + 1) : path);
  const show = (f: Finding): string => `  ${rel(f.at.file)}:${f.at.line}:${f.at.column} ${f.ruleId}: ${f.message}`;
  log(`corpus: ${root}; ${archs.join(', ')}: ${boards} boards in ${((Date.now() - started) / 1000).toFixed(0)} s; dtcWarnings ${values.w1 ? 'W=1' : 'kernel'}`);
  log('');
  log('rule                              level    findings  boards');
  for (const [id, c] of counts) log(`${id.padEnd(34)}${c.level.padEnd(9)}${String(c.unique).padStart(8)}  ${String(c.boards.size).padStart(6)}`);
  log('');
  log(`run failures (crashes, unreadable files): ${failures.length}`);
  for (const line of failures.slice(0, 20)) log(`  ${line}`);
  // A deterministic spread over the whole list, not the first few files.
  const step = Math.max(1, Math.floor(errors.length / Math.max(1, sampleSize)));
  const sample = errors.filter((_, i) => i % step === 0).slice(0, sampleSize);
  log('');
  log(`error-level findings: ${errors.length}; sample of ${sample.length}:`);
  for (const f of sample) log(show(f));
  if (listed.length > 0) {
    log('');
    log(`findings of ${values.list!.join(', ')}:`);
    for (const f of listed) log(show(f));
  }
  return failures.length > 0 ? 1 : 0;
}

process.exitCode = main();
