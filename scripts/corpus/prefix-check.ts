/**
 * `npm run prefix-check`: every board of the Linux corpus compiled three times, without a prefix
 * store, then with one (the run that takes the prefix), then again (the run that starts from it),
 * and the three results compared: diagnostics, the tree as DTS, every location in the tree, its
 * memreserves and deletions. Then all of them once more in path order on one host with the prefix
 * share (src/dts/store/prefix-share.ts), as a run over many boards compiles them, each compared
 * with its compile without.
 * A board whose first directive is no #include has no prefix and is only counted.
 *
 *   node dist/scripts/corpus/prefix-check.js [--every N] [board...]
 *
 * `--every N` checks one board in N (CI: a sample across all vendors, ~1 min).
 */
import { SourceHost, compileDts, type CompileResult, type Location, type Node } from '../../src/dts/index.js';
import { decodePrefix, encodePrefix, type PrefixKey, type PrefixStore } from '../../src/dts/store/prefix.js';
import { plainJson } from '../../src/dts/store/plain-json.js';
import { PrefixShare } from '../../src/dts/store/prefix-share.js';
import { printDts } from '../../src/dts/print.js';
import { CORPUS_ARCHS, corpusRoot, listBoards } from './corpus.js';
import { join } from 'node:path';

/** A store in memory, through the on-disk format. */
function memoryStore(): PrefixStore & { saved: number } {
  const entries = new Map<string, Uint8Array>();
  const id = (key: PrefixKey): string => JSON.stringify([key.main, key.cppDirs, key.dtcDirs, key.defines]);
  const store = {
    saved: 0,
    load: (key: PrefixKey) => {
      const bytes = entries.get(id(key));
      return bytes ? decodePrefix(bytes, key) : undefined;
    },
    save: (key: PrefixKey, prefix: Parameters<PrefixStore['save']>[1]) => {
      entries.set(id(key), encodePrefix(prefix, key));
      store.saved++;
    },
  };
  return store;
}

function where(at: Location): string {
  const expansion = at.expansion ? ` [${at.expansion.map((e) => `${e.macro}@${where(e.definedAt)}`).join(' ')}]` : '';
  return `${at.file}:${at.line}:${at.column}-${at.endLine}:${at.endColumn}${expansion}`;
}

/** Everything a user sees of a compile: diagnostics, the tree, and where each part of it stands. */
function describe(result: CompileResult): string {
  const lines: string[] = [JSON.stringify(result.diagnostics), JSON.stringify(result.files)];
  if (result.tree) {
    lines.push(printDts(result.tree));
    const walk = (node: Node): void => {
      lines.push(`node ${node.name} ${node.definedAt.map(where).join(' ')} ${node.labels.map((l) => `${l.name}@${where(l.at)}`).join(' ')}`);
      for (const p of node.properties) {
        lines.push(`prop ${p.name} ${where(p.at)} ${where(p.nameAt)} ${p.overridden.map(where).join(' ')} ${p.labels.map((l) => `${l.name}@${where(l.at)}`).join(' ')}`);
        for (const chunk of p.value) {
          lines.push(`  ${chunk.kind} ${where(chunk.at)}`);
          if (chunk.kind === 'cells') for (const c of chunk.cells) lines.push(`    ${c.value} ${where(c.at)}${c.ref ? ` ref ${where(c.ref.at)}` : ''}`);
        }
      }
      for (const child of node.children) walk(child);
    };
    walk(result.tree.root);
    lines.push(plainJson([result.tree.memreserves, result.tree.deletions, result.tree.bootCpuid, result.tree.plugin]));
  }
  return lines.join('\n');
}

function main(): number {
  const root = corpusRoot();
  if (!root) {
    process.stdout.write('prefix-check: no corpus (npm run corpus)\n');
    return 0;
  }
  const args = process.argv.slice(2);
  const everyAt = args.indexOf('--every');
  const every = everyAt >= 0 ? Number(args[everyAt + 1]) : 1;
  if (!Number.isInteger(every) || every < 1) {
    process.stderr.write('prefix-check: --every takes a whole number >= 1\n');
    return 2;
  }
  const named = args.filter((a, i) => !a.startsWith('--') && (everyAt < 0 || i !== everyAt + 1));
  const all = CORPUS_ARCHS.flatMap((arch) => listBoards(root, arch));
  const boards = named.length > 0 ? named : all.filter((_, i) => i % every === 0);
  let withPrefix = 0;
  let differ = 0;
  // The share: one host for all, told which boards come, trimmed between boards as the engine does.
  const share = new PrefixShare();
  let shared = 0;
  const find = share.find.bind(share);
  share.find = (key) => {
    const found = find(key);
    if (found) shared++;
    return found;
  };
  const sharing = new SourceHost(new Map(), { share });
  share.expect(
    boards.map((b) => join(root, b)),
    sharing,
  );
  let shareDiffer = 0;
  for (const board of boards) {
    const file = join(root, board);
    const plain = describe(compileDts(file, { host: new SourceHost() }));
    const went = describe(compileDts(file, { host: sharing }));
    sharing.trim();
    if (went !== plain) {
      shareDiffer++;
      process.stdout.write(`DIFFERS ${board} (shared)\n`);
    }
    const store = memoryStore();
    const taking = describe(compileDts(file, { host: new SourceHost(new Map(), { prefixes: store }) }));
    const restoring = describe(compileDts(file, { host: new SourceHost(new Map(), { prefixes: store }) }));
    if (store.saved > 0) withPrefix++;
    if (taking !== plain || restoring !== plain) {
      differ++;
      process.stdout.write(`DIFFERS ${board} (${taking !== plain ? 'taking' : 'restoring'})\n`);
    }
  }
  process.stdout.write(`prefix-check: ${boards.length} boards, ${withPrefix} with a prefix kept, ${differ} differ\n`);
  process.stdout.write(`prefix-check: shared in one run: ${shared} boards went on from another's #include lines, ${shareDiffer} differ\n`);
  return differ + shareDiffer > 0 ? 1 : 0;
}

process.exitCode = main();
