/** dtlint's devicetree front end ("dts-parser-ts"): cpp + dtc semantics with positions. */
export { compileDts } from './compile.js';
export type { CompileOptions, CompileResult } from './compile.js';
export { writeDtb } from './dtb.js';
export type { Diagnostic, Severity, RelatedLocation } from './diagnostic.js';
export type { Location, MacroOrigin } from './location.js';
export { SourceFile, SourceHost } from './source.js';
export type { Node, Property, Tree, ValueChunk, Cell } from './tree.js';
export type { FrontEndStores } from './store/stores.js';
export { diskPrefixStore } from './store/prefix.js';
export type { PrefixStore } from './store/prefix.js';
export type { ScanColumns, ScanStore } from './preprocess/scan.js';
export { diskScanStore } from './store/scan-store.js';
