/**
 * chalk for the bundled CLI (scripts/bundle.ts aliases every `chalk` import here): the same chalk,
 * bundled, but initialized when `Chalk` is first read. chalk builds its styles as it loads (~1.5 ms
 * of every start), and a report without colour never reads it (src/report/paint.ts). A require
 * of a bundled ES module is what esbuild evaluates lazily; the path, not `chalk`, escapes the alias.
 */
'use strict';

let chalk;

module.exports = {
  get Chalk() {
    chalk ??= require('../../../node_modules/chalk/source/index.js');
    return chalk.Chalk;
  },
};
