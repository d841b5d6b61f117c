/** unresolved-reference: `&label` or `&{/path}` that names no node (dtc: "Label or path ... not found"). */
import { defineDiagnosticRule } from '../src/lint/rule.js';

export default defineDiagnosticRule({
  id: 'unresolved-reference',
  level: 'error',
  summary: 'A `&label` or `&{/path}` reference names no node',
});
