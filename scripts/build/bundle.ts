/**
 * Bundles the CLI into one CommonJS script (dist/dtlint.cjs) and writes V8's code cache for it
 * (dist/dtlint.cjs.cache). dtlint runs on every commit: loading ~200 separate modules costs more
 * start-up time than the whole lint of a small board, and compiling the one big script costs
 * ~100 ms on a cold start that the code cache saves (bin/dtlint.js loads both; see code-cache.ts).
 * CommonJS because only a classic script can be compiled with a code cache on Node 20.
 * The library API (dist/src/index.js) stays unbundled ES modules.
 */
import { build, type Plugin } from 'esbuild';
import { readFile, writeFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { BUILD_ID_LENGTH } from '../../src/cli/load-bundle.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));

/**
 * Two patches to yargs, each applied to one line that the build checks is still there.
 *
 * yargs' platform shim reads `process.stdout.columns` as it loads, which makes Node build the
 * stdout stream (~10 ms when stdout is a file or pipe, where dtlint writes to the descriptor):
 * read it when yargs asks (for help text) instead. The build fails if yargs changes that line.
 */
const YARGS_SHIM = /yargs[\\/]lib[\\/]platform-shims[\\/]esm\.mjs$/;
const STD_COLUMNS = "stdColumns: typeof process.stdout.columns !== 'undefined' ? process.stdout.columns : null";
/**
 * After each command yargs lays out the whole help text and keeps it, for a later showHelp() when
 * an asynchronous command fails (~3 ms, and cliui's wrapping code loaded, on every run). dtlint's
 * commands are synchronous and its failure handler prints one line, never the help: not kept.
 */
const YARGS_COMMAND = /yargs[\\/]build[\\/]lib[\\/]command\.js$/;
/**
 * yargs' shim and yargs-parser each make a `require` for the bundle as they load (~1 ms of every
 * start, the first createRequire of a process being slow) for config files and command dirs,
 * which dtlint never has yargs load: made when first called instead.
 */
const YARGS_PARSER = /yargs-parser[\\/]build[\\/]lib[\\/]index\.js$/;
const PARSER_REQUIRE = 'const require = createRequire ? createRequire(import.meta.url) : undefined;';
const SHIM_REQUIRE = 'const require = createRequire(import.meta.url);';
const LAZY_REQUIRE = 'let made; const require = (id) => (made ??= createRequire(import.meta.url))(id); /* dtlint: made when first called (scripts/build/bundle.ts) */';
const CACHE_HELP = 'yargs.getInternalMethods().getUsageInstance().cacheHelpMessage();';

/** Replaces each `find` in the file (once), or fails the build if the dependency no longer has it. */
async function patched(path: string, ...edits: [find: string, replacement: string][]): Promise<{ contents: string; loader: 'js' }> {
  let text = await readFile(path, 'utf8');
  for (const [find, replacement] of edits) {
    if (!text.includes(find)) throw new Error(`${path}: no longer has what bundle.ts patches (${find.slice(0, 40)}...)`);
    text = text.replace(find, replacement);
  }
  return { contents: text, loader: 'js' };
}

/**
 * graphology adds ~250 methods to Graph.prototype one by one when it loads. A prototype in V8's
 * fast mode copies its whole descriptor array for each property added: ~1.2 MB allocated and
 * ~5 ms of every start. Two dummy properties, the first deleted, put the prototype in dictionary
 * mode for the additions (V8 makes it fast again on first use as a prototype).
 */
const GRAPHOLOGY = /graphology[\\/]dist[\\/]graphology\.mjs$/;
const GRAPHOLOGY_ATTACH = 'attachNodeAttributesMethods(Graph);';
const GRAPHOLOGY_SLOW =
  'Graph.prototype.__dtlintA = 0; Graph.prototype.__dtlintB = 0; delete Graph.prototype.__dtlintA; delete Graph.prototype.__dtlintB; /* dtlint: scripts/build/bundle.ts */\n';

/** The build id's place in the banner until the bundle is hashed (BUILD_ID_LENGTH hex digits). */
const NO_BUILD_ID = '0'.repeat(BUILD_ID_LENGTH);

const yargsPatches: Plugin = {
  name: 'yargs-patches',
  setup(b) {
    b.onLoad({ filter: YARGS_SHIM }, (args) =>
      patched(
        args.path,
        [STD_COLUMNS, "get stdColumns() { return typeof process.stdout.columns !== 'undefined' ? process.stdout.columns : null; }"],
        [SHIM_REQUIRE, LAZY_REQUIRE],
      ),
    );
    b.onLoad({ filter: YARGS_PARSER }, (args) => patched(args.path, [PARSER_REQUIRE, LAZY_REQUIRE]));
    b.onLoad({ filter: YARGS_COMMAND }, (args) => patched(args.path, [CACHE_HELP, '/* dtlint: help not cached (scripts/build/bundle.ts) */']));
    b.onLoad({ filter: GRAPHOLOGY }, (args) => patched(args.path, [GRAPHOLOGY_ATTACH, GRAPHOLOGY_SLOW + GRAPHOLOGY_ATTACH]));
    // chalk's own colour detection (package import #supports-color, which alias cannot reach).
    b.onResolve({ filter: /^#supports-color$/ }, () => ({ path: join(root, 'scripts', 'build', 'bundle-shims', 'supports-color.cjs') }));
    // sha256 initialized on the first hash (only the JSON and SARIF reports hash).
    b.onResolve({ filter: /^@noble\/hashes\/sha2\.js$/ }, () => ({ path: join(root, 'scripts', 'build', 'bundle-shims', 'sha2.cjs') }));
  },
};

await build({
  absWorkingDir: root,
  entryPoints: ['dist/src/cli/main.js'],
  outfile: 'dist/dtlint.cjs',
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  // ASCII only, so the loader can read the file as latin1 (no UTF-8 decoding on start-up).
  charset: 'ascii',
  // Smaller to read on every start (630 -> 450 KB), and its code cache and what V8 makes of them
  // smaller too (~400 fewer page faults per pair check). Local names are shortened: a stack trace
  // from the bundle reads by position (dtlint prints an internal error's message, not its stack;
  // dist/src runs the same code with its names).
  minifyWhitespace: true,
  minifySyntax: true,
  minifyIdentifiers: true,
  logLevel: 'warning',
  // Modules that ask for their own URL (yargs' shim, the SARIF docs lookup) get the bundle's.
  define: { 'import.meta.url': '__dtlintBundleUrl' },
  // The file is the function CommonJS wraps a module in (src/cli/load-bundle.ts compiles it as it
  // stands): wrapping it at start-up would make V8 copy the whole source once more. One line, so
  // that line numbers in the bundle stay those of the file.
  // The bundle's URL: spelled out for a POSIX path of plain characters (pathToFileURL would not
  // change it, and costs ~1 ms of start-up the first time), else made by pathToFileURL.
  // The build id (a hash of the bundle, filled in below) is the first thing in the function's body:
  // the code cache is checked against it (src/cli/load-bundle.ts).
  banner: {
    js: `(function (exports, require, module, __filename, __dirname) {/*dtlint-build:${NO_BUILD_ID}*/var __dtlintBundleUrl = /^[\\w\\/.@+-]+$/.test(__filename) && __filename[0] === '/' ? 'file://' + __filename : require('node:url').pathToFileURL(__filename).href;`,
  },
  footer: { js: '\n})' },
  // yargs, cliui and wrap-ansi measure their help text with string-width, which costs ~35 ms of
  // start-up when it loads: the shim measures ASCII itself and loads the real one for the rest.
  // ajv is needed only when there is a config file to validate: loaded then (~5 ms of start-up).
  // yargs' strictEqual/notStrictEqual checks: node:assert loads only when one fails (~3 ms).
  // chalk initializes when a report first paints with colour (~1.5 ms of every start).
  plugins: [yargsPatches],
  alias: {
    'string-width': './scripts/build/bundle-shims/string-width.cjs',
    ajv: './scripts/build/bundle-shims/ajv.cjs',
    chalk: './scripts/build/bundle-shims/chalk.cjs',
    assert: './scripts/build/bundle-shims/assert.cjs',
    'wrap-ansi': './scripts/build/bundle-shims/wrap-ansi.cjs',
  },
});

// The build id: a hash of the bundle as written (with the id's place still zeros).
const bundlePath = join(root, 'dist', 'dtlint.cjs');
const bundled = await readFile(bundlePath, 'latin1');
const id = createHash('sha256').update(bundled, 'latin1').digest('hex').slice(0, NO_BUILD_ID.length);
await writeFile(bundlePath, bundled.replace(`dtlint-build:${NO_BUILD_ID}`, `dtlint-build:${id}`), 'latin1');

// The loader bin/dtlint.js (CommonJS) requires to run the bundle with its code cache.
await build({
  absWorkingDir: root,
  entryPoints: ['dist/src/cli/load-bundle.js'],
  outfile: 'dist/load-bundle.cjs',
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  logLevel: 'warning',
});

// In a node of its own, stdout thrown away: its warm-up runs write their reports to fd 1.
const cache = spawnSync(process.execPath, [join(root, 'dist', 'scripts', 'build', 'code-cache.js')], { stdio: ['ignore', 'ignore', 'inherit'] });
if (cache.status !== 0) process.stderr.write('bundle: could not write the code cache\n');
