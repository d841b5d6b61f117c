/**
 * `npm run conformance`: every arm64 and arm board of the Linux corpus through dtlint, against
 * cpp + dtc as the kernel runs them. Pass = identical DTB bytes, or the same tree as `dtc -I dtb -O dts`
 * prints it, or both fail with the first error on the same line. Boards listed in
 * test/conformance/known-disagreements.txt may fail; any other failure exits 1.
 * Without a corpus it says so and exits 0, except in CI, where it fetches the corpus first.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BoardResult, PassKind } from './conformance/check-board.js';
import { formatKnownList, judge, parseKnownList, updateKnownList, type KnownList } from './conformance/known-list.js';
import { USAGE, parseOptions, selectBoards, type ConformanceOptions } from './conformance/options.js';
import { runPool } from './conformance/pool.js';
import { buildReferences, referenceDir } from './conformance/reference.js';
import { CORPUS_ARCHS, cacheDir, corpusRoot, corpusVersion, listBoards } from './corpus.js';
import { fetchCorpus } from './fetch-corpus.js';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const KNOWN_FILE = join(REPO, 'test', 'conformance', 'known-disagreements.txt');
const KNOWN_HEADER = [
  '# Boards where dtlint and cpp + dtc (Linux 6.12, dtc 1.6.1) are known to disagree.',
  '# One path per line, relative to the kernel root, sorted; the text after # is the reason.',
  '# `npm run conformance -- --update-known` removes fixed boards; it adds new ones only with --allow-grow.',
];

const log = (line: string): void => void process.stdout.write(`${line}\n`);

async function main(): Promise<number> {
  let options: ConformanceOptions;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`conformance: ${(e as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const ci = process.env.CI === 'true';
  const missing = ['cpp', 'dtc', 'diff'].filter((tool) => !onPath(tool));
  if (missing.length > 0) {
    const why = `${missing.join(', ')} not found (Debian: cpp, device-tree-compiler, diffutils)`;
    if (ci) return fatal(why);
    log(`conformance: skipped: ${why}`);
    return 0;
  }
  let root = corpusRoot();
  if (!root && ci) {
    log('conformance: no corpus yet; fetching it (CI=true)');
    try {
      root = fetchCorpus(log);
    } catch (e) {
      return fatal(`cannot fetch the corpus: ${(e as Error).message}`);
    }
  }
  if (!root) {
    log(`conformance: skipped: no Linux corpus in ${cacheDir()} (run \`npm run corpus\`, or set DTLINT_LINUX to a kernel tree)`);
    return 0;
  }
  log(`corpus: ${root} (${corpusVersion(root)})`);

  const corpus = new Map(CORPUS_ARCHS.map((arch) => [arch, listBoards(root, arch)]));
  const boards = options.archs.flatMap((arch) => selectBoards(corpus.get(arch)!, options.only));
  if (boards.length === 0) return fatal(`no board matches ${options.only.join(' ')}`);

  const refDir = referenceDir(root);
  const refs = await buildReferences(root, refDir, boards, options.jobs, log);
  log(refs.built > 0 ? `reference: built ${refs.built} DTBs in ${seconds(refs.ms)}` : `reference: all ${boards.length} cached in ${refDir}`);

  const results = new Map<string, BoardResult>();
  const started = performance.now();
  let done = 0;
  await runPool(boards, {
    jobs: options.jobs,
    timeoutMs: options.timeout * 1000,
    setup: { root, refDir },
    onResult: (r) => {
      results.set(r.board, r);
      if (++done % 500 === 0) log(`  dtlint: ${done}/${boards.length}`);
    },
  });
  log(`dtlint: ${boards.length} boards in ${seconds(performance.now() - started)} (${options.jobs} workers)`);

  const knownFile = options.knownFile ? resolve(options.knownFile) : KNOWN_FILE;
  const known = existsSync(knownFile) ? parseKnownList(readFileSync(knownFile, 'utf8')) : { header: KNOWN_HEADER, entries: new Map() };
  const ordered = boards.map((b) => results.get(b)!);
  const passed = ordered.filter((r) => r.pass).map((r) => r.board);
  const failed = ordered.filter((r) => !r.pass);
  const verdict = judge(known, passed, failed.map((r) => r.board));

  const report = reportLines(ordered, verdict.unexpected, options.verbose);
  writeFileSync(join(cacheDir(), 'conformance-report.txt'), `${reportLines(ordered, failed.map((r) => r.board), true).join('\n')}\n`);
  for (const line of report) log(line);
  for (const board of verdict.fixed) log(`fixed: remove from the list: ${board}`);
  if (options.updateKnown) updateKnown(knownFile, known, { boards, failed, corpus: [...corpus.values()].flat(), allowGrow: options.allowGrow });

  log('');
  for (const arch of options.archs) {
    const mine = ordered.filter((r) => r.board.startsWith(`arch/${arch}/`));
    if (mine.length === 0) continue;
    const ok = mine.filter((r) => r.pass).length;
    log(`${arch}: ${ok} passed, ${mine.length - ok} failed`);
  }
  log(`passes: ${passKinds(ordered)}`);
  log(`failures: ${verdict.unexpected.length} unexpected, ${verdict.known.length} known (${relative(knownFile)}); full report in ${join(cacheDir(), 'conformance-report.txt')}`);
  log(`${passed.length} passed, ${failed.length} failed`);
  return verdict.unexpected.length > 0 ? 1 : 0;
}

/** Failures with their reasons; the details (diffs, stacks) for `detailed` boards. */
function reportLines(results: BoardResult[], detailed: string[], verbose: boolean): string[] {
  const show = new Set(detailed);
  const lines: string[] = [];
  for (const r of results) {
    if (r.pass) continue;
    const unexpected = show.has(r.board);
    lines.push(`${unexpected ? 'FAIL' : 'known'} ${r.board}: ${r.reason ?? ''}`);
    if ((unexpected || verbose) && r.detail) for (const d of r.detail) lines.push(`    ${d}`);
  }
  return lines;
}

function passKinds(results: BoardResult[]): string {
  const counts: Record<PassKind, number> = { bytes: 0, text: 0, 'both-fail': 0 };
  for (const r of results) if (r.pass && r.how) counts[r.how]++;
  return `${counts.bytes} identical DTB bytes, ${counts.text} equal after dtc -I dtb -O dts, ${counts['both-fail']} both fail at the same line`;
}

function updateKnown(
  file: string,
  known: KnownList,
  run: { boards: string[]; failed: BoardResult[]; corpus: string[]; allowGrow: boolean },
): void {
  const failed = new Map(run.failed.map((r) => [r.board, shortReason(r.reason ?? '')]));
  const update = updateKnownList(known, { ran: new Set(run.boards), failed, corpus: new Set(run.corpus) }, run.allowGrow);
  if (update.list.header.length === 0) update.list.header = KNOWN_HEADER;
  writeFileSync(file, formatKnownList(update.list));
  log(`${relative(file)}: ${update.removed.length} removed, ${update.added.length} added, ${update.list.entries.size} listed`);
  if (update.refused.length > 0) {
    log(`not added (the list only shrinks; --allow-grow adds them): ${update.refused.length} boards`);
    for (const board of update.refused) log(`  ${board}`);
  }
}

/** The reason as a list comment: one line, its first 100 characters. */
function shortReason(reason: string): string {
  return reason.replace(/\s+/g, ' ').slice(0, 100);
}

function onPath(tool: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function fatal(message: string): number {
  process.stderr.write(`conformance: ${message}\n`);
  return 1;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

function relative(path: string): string {
  return path.startsWith(`${REPO}/`) ? path.slice(REPO.length + 1) : path;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`conformance: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exitCode = 1;
    },
  );
}
