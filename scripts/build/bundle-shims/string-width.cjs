/**
 * string-width for the bundled CLI (scripts/bundle.ts aliases every `string-width` import here).
 * The real package builds an Intl.Segmenter and Unicode property regexes when it loads (~35 ms on
 * a cold start, on every run, because yargs lays out its help after each command); yargs only
 * measures our own help text, which is printable ASCII. So: ASCII is measured here, anything
 * else by the real package, loaded on first need.
 */
'use strict';

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
let real;

module.exports = function stringWidth(text, options) {
  if (typeof text === 'string' && PRINTABLE_ASCII.test(text)) return text.length;
  real ??= require('../../../node_modules/string-width/index.js').default;
  return real(text, options);
};
module.exports.default = module.exports;
