/**
 * chalk's `#supports-color` for the bundled CLI (scripts/bundle.ts resolves it here). The real one
 * loads node:tty and node:os when chalk loads, to set the level of chalk's default instance; dtlint
 * never uses that instance (src/report/stylish.ts makes its own Chalk with the level
 * src/report/color.ts resolves), and node:tty brings Node's socket and stream machinery with it:
 * ~4 ms of every start. Here the default instance has no colour.
 */
'use strict';

function createSupportsColor() {
  return false;
}

module.exports = { createSupportsColor, default: { stdout: false, stderr: false }, stdout: false, stderr: false };
module.exports.__esModule = true;
