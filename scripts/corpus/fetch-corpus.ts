/**
 * `npm run corpus`: fetch the Linux DTS corpus into the cache (outside the repository) and print
 * its root on the last line. Idempotent: a marker file says the tree is complete.
 *
 * Source: Debian's linux-source-6.12 (apt-get download), whose data holds the kernel as an inner
 * tar.xz. Only the DTS part is extracted, streaming, so the 1 GiB tree never lands on disk.
 * `DTLINT_LINUX=/path` uses that tree instead and fetches nothing.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CORPUS_PACKAGE, MARKER, cacheDir, cachedCorpusDir, corpusRoot, readMarker, type CorpusMarker } from './corpus.js';

/**
 * What to extract, relative to the kernel root. include/dt-bindings/input/linux-event-codes.h is a
 * symlink to the uapi header, which dt-bindings/input/input.h includes (1,676 boards need it).
 */
export const CORPUS_PATTERNS = [
  'arch/*/boot/dts',
  'include/dt-bindings',
  'include/uapi/linux/input-event-codes.h',
  'scripts/dtc/include-prefixes',
];

type Log = (line: string) => void;

/** Make sure the corpus is there and return its root; throws when it cannot be had. */
export function fetchCorpus(log: Log = (line) => process.stderr.write(`${line}\n`)): string {
  if (process.env.DTLINT_LINUX) {
    const root = corpusRoot();
    if (!root) throw new Error(`DTLINT_LINUX=${process.env.DTLINT_LINUX} has no arch/ directory`);
    log(`using the kernel tree in DTLINT_LINUX, fetching nothing`);
    return root;
  }
  const root = cachedCorpusDir();
  // A marker from an older pattern list means some files may be missing: check again.
  if (sameList(readMarker(root)?.patterns, CORPUS_PATTERNS)) return root;

  const cache = cacheDir();
  mkdirSync(cache, { recursive: true });
  const deb = findDeb(cache) ?? downloadDeb(cache, log);
  const version = debVersion(deb);
  const inner = innerTarball(deb);

  if (existsSync(root)) {
    log(`checking the existing tree in ${root} against ${deb}`);
    const missing = missingMembers(deb, inner, root);
    if (missing.length === 0) return finish(root, version, log);
    // Fill the gaps in place: others may be reading the tree, so it is not removed.
    log(`${missing.length} files missing (first: ${missing[0]}); extracting them`);
    streamTar(deb, inner, ['-x', '-C', root, '--strip-components=1']);
    const still = missingMembers(deb, inner, root);
    if (still.length > 0) throw new Error(`${still.length} files still missing in ${root} (first: ${still[0]})`);
    return finish(root, version, log);
  }

  const partial = `${root}.partial`;
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial, { recursive: true });
  log(`extracting ${CORPUS_PATTERNS.join(', ')} from ${deb}`);
  streamTar(deb, inner, ['-x', '-C', partial, '--strip-components=1']);
  rmSync(root, { recursive: true, force: true });
  renameSync(partial, root);
  return finish(root, version, log);
}

/** Writes the marker; a symlink that points outside what was extracted is worth a warning. */
function finish(root: string, version: string, log: Log): string {
  const dangling = danglingLinks(root);
  if (dangling.length > 0) log(`warning: ${dangling.length} symlinks point nowhere (first: ${dangling[0]}); add their targets to CORPUS_PATTERNS`);
  writeMarker(root, version);
  return root;
}

function danglingLinks(root: string): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isSymbolicLink() && !existsSync(path)) found.push(path.slice(root.length + 1));
    }
  };
  walk(root);
  return found;
}

function findDeb(cache: string): string | undefined {
  const debs = readdirSync(cache).filter((f) => f.startsWith(`${CORPUS_PACKAGE}_`) && f.endsWith('.deb'));
  // Several versions: the newest by name is good enough (they differ in the Debian revision only).
  return debs.length > 0 ? join(cache, debs.sort().at(-1)!) : undefined;
}

/** apt-get download needs the package lists: on a fresh machine, update them once and retry. */
function downloadDeb(cache: string, log: Log): string {
  const download = (): void => {
    execFileSync('apt-get', ['download', CORPUS_PACKAGE], { cwd: cache, stdio: ['ignore', 'ignore', 'inherit'] });
  };
  log(`downloading ${CORPUS_PACKAGE} into ${cache}`);
  try {
    download();
  } catch {
    log('apt-get download failed; running apt-get update once and retrying');
    execFileSync('apt-get', ['update'], { stdio: ['ignore', 'ignore', 'inherit'] });
    download();
  }
  const deb = findDeb(cache);
  if (!deb) throw new Error(`apt-get download ${CORPUS_PACKAGE} left no .deb in ${cache}`);
  return deb;
}

function debVersion(deb: string): string {
  return execFileSync('dpkg-deb', ['-f', deb, 'Version'], { encoding: 'utf8' }).trim();
}

/** The kernel source tarball inside the package: ./usr/src/linux-source-6.12.tar.xz. */
function innerTarball(deb: string): string {
  const names = execFileSync('dpkg-deb', ['-c', deb], { encoding: 'utf8' })
    .split('\n')
    .map((line) => line.split(/\s+/).at(-1) ?? '');
  const inner = names.find((n) => /\/usr\/src\/[^/]+\.tar\.xz$/.test(n));
  if (!inner) throw new Error(`${deb} holds no /usr/src/*.tar.xz`);
  return inner;
}

/** Runs `tar ARGS PATTERNS` on the inner tarball, streamed from the package; returns tar's stdout. */
function streamTar(deb: string, inner: string, tarArgs: string[]): string {
  const top = CORPUS_PACKAGE;
  const patterns = CORPUS_PATTERNS.map((p) => `${top}/${p}`);
  const script =
    'set -o pipefail; deb="$1"; inner="$2"; shift 2; ' +
    'dpkg-deb --fsys-tarfile "$deb" | tar -xO "$inner" | xz -dc | tar "$@"';
  return execFileSync(
    'bash',
    ['-c', script, 'stream', deb, inner, ...tarArgs, '--wildcards', '--no-wildcards-match-slash', ...patterns],
    { encoding: 'utf8', maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'inherit'] },
  );
}

/** Members of the archive (under the patterns) that the tree at `root` lacks. */
function missingMembers(deb: string, inner: string, root: string): string[] {
  const listing = streamTar(deb, inner, ['-t']);
  const missing: string[] = [];
  for (const name of listing.split('\n')) {
    const rel = name.replace(/^[^/]*\//, '').replace(/\/$/, '');
    if (!rel) continue;
    try {
      lstatSync(join(root, rel));
    } catch {
      missing.push(rel);
    }
  }
  return missing;
}

function sameList(a: string[] | undefined, b: string[]): boolean {
  return a !== undefined && a.length === b.length && a.every((x, i) => x === b[i]);
}

function writeMarker(root: string, version: string): void {
  const marker: CorpusMarker = { package: CORPUS_PACKAGE, version, patterns: CORPUS_PATTERNS };
  writeFileSync(join(root, MARKER), `${JSON.stringify(marker, null, 2)}\n`);
}

function main(): void {
  try {
    const root = fetchCorpus();
    process.stdout.write(`${root}\n`);
  } catch (e) {
    process.stderr.write(`fetch-corpus: ${(e as Error).message}\n`);
    process.exitCode = 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
