/** syntax-error: the preprocessor, lexer or parser refused the input, at dtc's (or cpp's) position. */
import { defineDiagnosticRule } from '../src/lint/rule.js';

export default defineDiagnosticRule({
  id: 'syntax-error',
  level: 'error',
  summary: 'The preprocessor, lexer or parser cannot read the file; nothing after it is checked',
});
