/**
 * wrap-ansi for the bundled CLI (scripts/bundle.ts aliases every `wrap-ansi` import here). It
 * builds its colour tables when it loads (~3 ms of every start); yargs' cliui needs it only to lay
 * out help text. So it loads on the first call.
 */
'use strict';

let real;

module.exports = function wrapAnsi(text, columns, options) {
  real ??= require('../../../node_modules/wrap-ansi/index.js').default;
  return real(text, columns, options);
};
module.exports.default = module.exports;
