#!/bin/sh
':' //; unset NODE_EXTRA_CA_CERTS; exec node "$0" "$@"
// Line 2 is for sh: the command starts Node without NODE_EXTRA_CA_CERTS, a bundle of certificates
// Node parses as it starts, before any of dtlint runs (~90 ms for a system bundle on the machines
// we measure on, docs/performance.md), for TLS connections dtlint never makes. For Node, line 2 is
// a string and a comment. `node bin/dtlint.js` runs this file as it stands.
// The bundled CLI (one script with V8's code cache: fast start-up) when the build made it; else
// the compiled modules. CommonJS (bin/package.json): an ES module here would start Node's ESM
// loader, ~5 ms of every run, for nothing.
'use strict';
const { existsSync } = require('node:fs');
const { join } = require('node:path');

/**
 * A run over many boards restarts once under a bigger young generation. Each board's trees live
 * until the board is done; with V8's default 16 MiB semi-spaces a big board fills a whole young
 * generation, V8 then decides that what the parser allocates is long-lived and allocates it in the
 * old generation from there on, and the run turns a third slower and twice the size (at random:
 * it depends on where the collections fall). With 64 MiB that never happens. The restart costs
 * ~80 ms, so only runs of many boards take it. bench/run.ts runs its dtlint side the same way
 * (test/bench/node-flags.test.ts keeps the two in step).
 */
const MANY_BOARDS = 64;
const MANY_BOARDS_NODE_FLAGS = ['--max-semi-space-size=64'];

// process.stdout and process.stderr are made on first use, which costs ~10 ms when they are not a
// terminal; dtlint writes its report straight to the file descriptor then. Note which ones were
// made, so that only those are flushed at the end.
const made = new Set();
for (const name of ['stdout', 'stderr']) {
  const d = Object.getOwnPropertyDescriptor(process, name);
  if (d && d.get && d.configurable) {
    Object.defineProperty(process, name, {
      ...d,
      get() {
        made.add(name);
        return d.get.call(this);
      },
    });
  }
}

void start(process.argv.slice(2));

async function start(args) {
  const dtsFiles = args.filter((a) => a.endsWith('.dts') || a.endsWith('.dtsi')).length;
  if (dtsFiles >= MANY_BOARDS && !semiSpaceChosen()) {
    // Without NODE_EXTRA_CA_CERTS, as line 2 starts this file (for `node bin/dtlint.js`).
    const env = { ...process.env };
    delete env.NODE_EXTRA_CA_CERTS;
    const child = require('node:child_process').spawnSync(process.execPath, [...MANY_BOARDS_NODE_FLAGS, ...process.execArgv, __filename, ...args], {
      stdio: 'inherit',
      env,
    });
    if (!child.error) {
      if (child.signal) process.kill(process.pid, child.signal);
      process.exit(child.status ?? 2);
    }
    // No second node could start: run here, only slower.
  }

  const dist = join(__dirname, '..', 'dist');
  const bundle = join(dist, 'dtlint.cjs');
  const loader = join(dist, 'load-bundle.cjs');
  if (existsSync(bundle) && existsSync(loader)) {
    const { applyStartProfile, codeCachePath, loadBundle, startProfile } = require(loader);
    // A run under V8 flags of its own (the many-boards restart, or the user's) cannot use the code
    // cache (V8 checks the flags), and start-up is not its cost.
    const plain = !semiSpaceChosen();
    const loaded = loadBundle(bundle, plain ? codeCachePath(bundle) : undefined);
    // V8's flags for the run's size, once the command knows how many boards it compiles.
    process.exitCode = await loaded.main(args, { onRunSize: (n) => applyStartProfile(startProfile(n)) });
    // The build wrote the cache; this Node rejected it (upgraded since?) or it is gone: write one
    // for the next run.
    if (plain && !loaded.cacheUsed) loaded.saveCodeCache();
  } else {
    const { main } = await import('../dist/src/cli/main.js');
    process.exitCode = await main(args);
  }
  // Once the output is out, leave: Node winding down on its own (a heap of trees) costs ~20 ms.
  if (made.has('stdout')) await flushed(process.stdout);
  if (made.has('stderr')) await flushed(process.stderr);
  process.exit();
}

/** Resolves when what was written to the stream has been handed to the OS. */
function flushed(stream) {
  return new Promise((resolve) => (stream.writableLength === 0 ? resolve() : stream.write('', () => resolve())));
}

/** Already chosen: by the restart above, or by the user. */
function semiSpaceChosen() {
  const given = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)];
  return given.some((f) => f.startsWith('--max-semi-space-size'));
}
