/** The part of SARIF 2.1.0 dtlint writes (names and shapes as in the OASIS schema). */

export interface Log {
  $schema: string;
  version: '2.1.0';
  runs: Run[];
}

export interface Run {
  tool: { driver: ToolComponent };
  invocations: Invocation[];
  originalUriBaseIds: Record<string, ArtifactLocation>;
  columnKind: 'utf16CodeUnits' | 'unicodeCodePoints';
  results: Result[];
}

export interface ToolComponent {
  name: string;
  fullName?: string;
  version: string;
  semanticVersion: string;
  informationUri: string;
  rules: ReportingDescriptor[];
}

export interface MultiformatMessage {
  text: string;
  markdown?: string;
}

export interface ReportingDescriptor {
  id: string;
  name: string;
  shortDescription: MultiformatMessage;
  fullDescription: MultiformatMessage;
  help: MultiformatMessage;
  helpUri: string;
  defaultConfiguration: { enabled?: boolean; level: 'error' | 'warning' | 'note' };
  properties: { tags: string[]; [key: string]: unknown };
}

export interface Invocation {
  executionSuccessful: boolean;
  toolExecutionNotifications?: Notification[];
}

export interface Notification {
  level: 'error' | 'warning' | 'note';
  message: { text: string };
  locations?: { physicalLocation: { artifactLocation: ArtifactLocation } }[];
}

export interface ArtifactLocation {
  uri: string;
  uriBaseId?: string;
}

export interface Region {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
  /** In a DTB (a binary artifact): the bytes, beside line 1 and the columns that count them. */
  byteOffset?: number;
  byteLength?: number;
}

export interface PhysicalLocation {
  artifactLocation: ArtifactLocation;
  region: Region;
}

export interface SarifLocation {
  id?: number;
  physicalLocation: PhysicalLocation;
  /** In a DTB: the node path (`:property` for a property). */
  logicalLocations?: { fullyQualifiedName: string; kind: string }[];
  message?: { text: string };
}

export interface CodeFlow {
  message?: { text: string };
  threadFlows: { locations: { location: SarifLocation }[] }[];
}

export interface Result {
  ruleId: string;
  ruleIndex?: number;
  level: 'error' | 'warning' | 'note';
  message: { text: string };
  locations: SarifLocation[];
  relatedLocations?: SarifLocation[];
  codeFlows?: CodeFlow[];
  partialFingerprints?: Record<string, string>;
  properties?: Record<string, unknown>;
}
