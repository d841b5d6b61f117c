/** Hand-made findings for reporter tests. */
import type { Finding } from '../../src/lint/finding.js';

export const CWD = '/work/board';
export const HOST = `${CWD}/dts/host.dts`;
export const SOURCES: Record<string, string> = {
  [HOST]: ['/dts-v1/;', '', '&fec1 {', '\tiommus = <&smmu 0x12 0x7f80>;', '};', '', '/*', ' * Timer', '&lpcg {', '};', ''].join('\n'),
};

export const FINDINGS: Finding[] = [
  {
    ruleId: 'comment-swallows-code',
    level: 'warning',
    message: 'block comment hides `&lpcg { ... }`: that code is not active',
    messageId: 'hides',
    at: { file: HOST, line: 7, column: 1, endLine: 10, endColumn: 3 },
    related: [{ message: 'first hidden statement', at: { file: HOST, line: 9, column: 1, endLine: 9, endColumn: 8 } }],
    fingerprint: '0123456789abcdef0123456789abcdef',
  },
  {
    ruleId: 'unresolved-reference',
    level: 'error',
    message: 'Label or path smmu not found',
    messageId: 'diagnostic',
    at: { file: HOST, line: 4, column: 13, endLine: 4, endColumn: 18 },
    related: [],
    chain: [
      { file: HOST, line: 3, column: 1, endLine: 3, endColumn: 6 },
      { file: HOST, line: 4, column: 2, endLine: 4, endColumn: 8 },
    ],
    fingerprint: 'fedcba9876543210fedcba9876543210',
    symptom: 'vfio-platform refuses the device',
  },
  {
    ruleId: 'syntax-error',
    level: 'error',
    message: 'syntax error',
    messageId: 'diagnostic',
    at: { file: '/elsewhere/common.dtsi', line: 2, column: 5, endLine: 2, endColumn: 6 },
    related: [],
    fingerprint: '00000000000000000000000000000000',
  },
];
