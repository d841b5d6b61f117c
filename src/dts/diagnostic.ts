import type { Location } from './location.js';

export type Severity = 'error' | 'warning';

export interface RelatedLocation {
  message: string;
  at: Location;
}

/**
 * What the front end says about the input: errors are values, never exceptions.
 * `code` is the rule id the lint engine reports it under (`syntax-error`, `unresolved-reference`, ...),
 * or a dtc check name for dtc parity warnings.
 */
export interface Diagnostic {
  code: string;
  severity: Severity;
  message: string;
  at: Location;
  related?: RelatedLocation[];
}
