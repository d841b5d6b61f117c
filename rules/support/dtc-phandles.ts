/**
 * dtc's phandle-property checks (checks.c in dtc 1.6.1): `phandle_references`, the prerequisite of
 * them all, and check_property_phandle_args, the one walk that WARNING_PROPERTY_PHANDLE_CELLS
 * (clocks_property, dmas_property, ...) and gpios_property share. dtc's walk is not Linux's
 * (src/graph/split.ts splits lists as of_parse_phandle_with_args does): dtc skips a phandle of 0
 * or -1 as an empty entry, says "not a phandle reference" of a number and reads on, and counts
 * cells, not entries. So the walk is its own; what it shares with the graph is how a phandle cell
 * finds its node (cellTarget: a `&ref`'s target, or a number looked up among the phandles dtc
 * assigned).
 */
import { getProperty, nodePath, referenceText } from '../../src/dts/query.js';
import type { Cell, Node, Property, Tree } from '../../src/dts/tree.js';
import { encodeValue, valueLength } from '../../src/dts/value.js';
import type { Messages, Rule } from '../../src/lint/rule.js';
import { cellTarget } from '../../src/graph/split.js';
import { splitContextOf } from '../../src/graph/derived.js';
import { defineDtcCheck, dtcCheck, type DtcCheck, type DtcProblem, firstWord, forEachNode, forEachNodeWith, isCellCheck } from './dtc.js';

/**
 * dtc's fixup_phandle_references (`ERROR(phandle_references, ..., &duplicate_node_names,
 * &explicit_phandles)`): every `&ref` inside `< >` names a node; an overlay's may not (they go to
 * __fixups__). Only a prerequisite here: the unresolved reference itself is unresolved-reference's.
 */
export const phandleReferences = dtcCheck({
  name: 'phandle_references',
  prerequisites: [],
  messages: { missing: 'Reference to non-existent node or label "{{ref}}"' },
  problems(tree) {
    const out: DtcProblem<'missing'>[] = [];
    if (tree.plugin) return out;
    forEachNode(tree, (node) => {
      for (const prop of node.properties) {
        for (const chunk of prop.value) {
          if (chunk.kind !== 'cells') continue;
          for (const cell of chunk.cells) {
            if (cell.ref && !cell.ref.target) out.push({ node, messageId: 'missing', data: { ref: referenceText(cell.ref).slice(1) } });
          }
        }
      }
    });
    return out;
  },
});

export const phandleArgsMessages = {
  sizeInvalid: 'property size ({{size}}) is invalid, expected multiple of 4',
  notReference: 'cell {{cell}} is not a phandle reference',
  noNode: 'Could not get phandle node for (cell {{cell}})',
  missingCells: "Missing property '{{cells}}' in node {{provider}} or bad phandle (referred from {{property}}[{{cell}}])",
  tooSmall: 'property size ({{size}}) too small for cell size {{cellsize}}',
} as const;

export type PhandleArgsMessage = keyof typeof phandleArgsMessages;

/** A property's value as dtc holds it: its bytes, and the 32-bit cells as written by byte offset (for their `&ref`s). */
function words(prop: Property): { bytes: Uint8Array; cells: Map<number, Cell> } {
  const cells = new Map<number, Cell>();
  let offset = 0;
  for (const chunk of prop.value) {
    const length = valueLength([chunk]);
    if (chunk.kind === 'cells' && chunk.bits === 32) for (let i = 0; i < chunk.cells.length; i++) cells.set(offset + i * 4, chunk.cells[i]!);
    offset += length;
  }
  return { bytes: encodeValue(prop.value), cells };
}

function signed32(v: number): number {
  return v | 0;
}

/** dtc's check_property_phandle_args for one property: `<&provider args...>` sized by the provider's `cellsName`. */
export function phandleArgsProblems(tree: Tree, node: Node, prop: Property, cellsName: string, optional: boolean): DtcProblem<PhandleArgsMessage>[] {
  const out: DtcProblem<PhandleArgsMessage>[] = [];
  const { bytes, cells } = words(prop);
  const len = bytes.length;
  if (len % 4 !== 0) {
    out.push({ node, prop, messageId: 'sizeInvalid', data: { size: len } });
    return out;
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const count = len / 4;
  // A value written in source has dtc's type markers; one read from a DTB has none, and no check of `&ref`s.
  const markers = tree.dtb === undefined;
  const split = splitContextOf(tree);
  for (let cell = 0; cell < count; ) {
    const phandle = view.getUint32(cell * 4);
    // 0 and -1 skip an optional entry (an overlay's unresolved reference is -1: dtc gives up there).
    if (phandle === 0 || phandle === 0xffffffff) {
      if (tree.plugin) break;
      cell += 1;
      continue;
    }
    const written = cells.get(cell * 4);
    if (markers && written?.ref === undefined) out.push({ node, prop, messageId: 'notReference', data: { cell } });
    // dtc's get_node_by_phandle: a `&ref` holds its target's phandle by now.
    const provider = written ? cellTarget(written, split).node : split.phandles.get(phandle);
    if (!provider) {
      out.push({ node, prop, messageId: 'noNode', data: { cell } });
      break;
    }
    const cellprop = getProperty(provider, cellsName);
    let cellsize: number;
    if (cellprop) {
      // The *_is_cell prerequisite makes it one cell (gpios_property has none: dtc would assert).
      cellsize = signed32(firstWord(cellprop));
    } else if (optional) {
      cellsize = 0;
    } else {
      out.push({ node, messageId: 'missingCells', data: { cells: cellsName, provider: nodePath(provider), property: prop.name, cell } });
      break;
    }
    // dtc loops forever on #*-cells = <0xffffffff> and reads past the end on less: stop.
    if (cellsize < 0) break;
    if (len < (cell + cellsize + 1) * 4) out.push({ node, prop, messageId: 'tooSmall', data: { size: len, cellsize } });
    cell += cellsize + 1;
  }
  return out;
}

/** checks.c's `WARNING_PROPERTY_PHANDLE_CELLS(nm, propname, cells_name, ...)` rows, in its order. */
export const PHANDLE_CELLS_PROVIDERS: readonly { name: string; property: string; cells: string; optional: boolean; what: string }[] = [
  { name: 'clocks', property: 'clocks', cells: '#clock-cells', optional: false, what: 'clock' },
  { name: 'cooling_device', property: 'cooling-device', cells: '#cooling-cells', optional: false, what: 'cooling device' },
  { name: 'dmas', property: 'dmas', cells: '#dma-cells', optional: false, what: 'DMA channel' },
  { name: 'hwlocks', property: 'hwlocks', cells: '#hwlock-cells', optional: false, what: 'hardware spinlock' },
  { name: 'interrupts_extended', property: 'interrupts-extended', cells: '#interrupt-cells', optional: false, what: 'interrupt' },
  { name: 'io_channels', property: 'io-channels', cells: '#io-channel-cells', optional: false, what: 'IIO channel' },
  { name: 'iommus', property: 'iommus', cells: '#iommu-cells', optional: false, what: 'IOMMU' },
  { name: 'mboxes', property: 'mboxes', cells: '#mbox-cells', optional: false, what: 'mailbox channel' },
  { name: 'msi_parent', property: 'msi-parent', cells: '#msi-cells', optional: true, what: 'MSI controller' },
  { name: 'mux_controls', property: 'mux-controls', cells: '#mux-control-cells', optional: false, what: 'mux controller' },
  { name: 'phys', property: 'phys', cells: '#phy-cells', optional: false, what: 'PHY' },
  { name: 'power_domains', property: 'power-domains', cells: '#power-domain-cells', optional: false, what: 'power domain' },
  { name: 'pwms', property: 'pwms', cells: '#pwm-cells', optional: false, what: 'PWM' },
  { name: 'resets', property: 'resets', cells: '#reset-cells', optional: false, what: 'reset' },
  { name: 'sound_dai', property: 'sound-dai', cells: '#sound-dai-cells', optional: false, what: 'sound DAI' },
  { name: 'thermal_sensors', property: 'thermal-sensors', cells: '#thermal-sensor-cells', optional: false, what: 'thermal sensor' },
];

/**
 * The two checks one WARNING_PROPERTY_PHANDLE_CELLS row declares: `nm_is_cell` (the providers' cells
 * property is one cell) and `nm_property` (check_provider_cells_property, needing nm_is_cell and
 * phandle_references).
 */
export function phandleCellsChecks(row: (typeof PHANDLE_CELLS_PROVIDERS)[number]): { isCell: DtcCheck; property: DtcCheck } {
  const isCell = isCellCheck(`${row.name}_is_cell`, row.cells);
  const property = dtcCheck({
    name: `${row.name}_property`,
    prerequisites: [isCell, phandleReferences],
    messages: phandleArgsMessages,
    problems(tree) {
      const out: DtcProblem<PhandleArgsMessage>[] = [];
      forEachNodeWith(tree, row.property, (node, prop) => {
        for (const p of phandleArgsProblems(tree, node, prop, row.cells, row.optional)) out.push(p);
      });
      return out;
    },
  });
  return { isCell, property };
}

/** Each row's two checks, made once (a check's identity keys its results on the tree). */
export const PHANDLE_CELLS_CHECKS = PHANDLE_CELLS_PROVIDERS.map((row) => ({ row, ...phandleCellsChecks(row) }));

/**
 * The rules of the family, generated from the table: 32 checks that differ only in a property name
 * and a cells name, so a module each would be 32 copies of the same lines. In checks.c's order.
 */
export const phandleCellsRules: readonly Rule<'source', Messages>[] = PHANDLE_CELLS_CHECKS.flatMap(({ row, isCell, property }) => [
  defineDtcCheck({
    check: property,
    summary: `dtc: a ${row.property} list does not fit its providers' ${row.cells}, names no node, or has a number where a phandle belongs`,
    w1Only: false,
    symptoms: [`the driver gets the wrong ${row.what} or none, and fails to probe`],
  }),
  defineDtcCheck({
    check: isCell,
    summary: `dtc: ${row.cells} is not a single cell`,
    w1Only: false,
    symptoms: [`${row.property} lists that name this provider cannot be read`],
  }),
]);
