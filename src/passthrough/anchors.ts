/**
 * Where a pair finding points. A passed device is usually defined in a kernel `.dtsi` and changed by
 * an override in the user's board file, and the user names it once more in the QEMU command line:
 * findings go to the place the user edits (the override, the `-device` argument), with the kernel's
 * definition as a related location.
 */
import { resolve } from 'node:path';
import type { RelatedLocation } from '../dts/diagnostic.js';
import type { Location } from '../dts/location.js';
import { nodePath } from '../dts/query.js';
import { headOf } from '../dts/node-head.js';
import { SourceFile, type SourceHost } from '../dts/source.js';
import type { Node, ValueChunk } from '../dts/tree.js';
import type { PairModel, PairSide, PassedDevice } from './pair.js';


/** The node's definitions that lie in the side's user files, in source order. */
export function userDefinitions(side: PairSide, node: Node): Location[] {
  return node.definedAt.filter((at) => side.userFiles.has(resolve(at.file)));
}

export function inUserFiles(side: PairSide, at: Location): boolean {
  return side.userFiles.has(resolve(at.file));
}

/**
 * Where to report about a node: its newest definition in the user's files, else where the user
 * named the device (the QEMU `host=`), else its first definition.
 */
export function nodeAnchor(pair: PairModel, side: PairSide, node: Node, device?: PassedDevice): Location {
  const own = userDefinitions(side, node);
  if (own.length > 0) return headOf(own[own.length - 1]!, pair.sources);
  if (device?.qemu) return device.qemu.propAt['host'] ?? device.qemu.propAt['sysfsdev'] ?? device.qemu.at;
  return headOf(node.definedAt[0]!, pair.sources);
}

/** `at` when it is in the user's files, else the node's anchor. */
export function anchorFor(pair: PairModel, side: PairSide, at: Location, node: Node, device?: PassedDevice): Location {
  return inUserFiles(side, at) ? at : nodeAnchor(pair, side, node, device);
}

/** The related locations that say where a node is defined (every definition, first one first). */
export function definitionNotes(pair: PairModel, node: Node): RelatedLocation[] {
  return node.definedAt.slice(0, 3).map((at, i) => ({
    message: i === 0 ? `${nodePath(node)} is defined here` : `and extended here`,
    at: headOf(at, pair.sources),
  }));
}

/** The `-device` argument of a passed device, as a related location. */
export function qemuNote(device: PassedDevice | undefined, what = 'passed to QEMU here'): RelatedLocation[] {
  return device?.qemu ? [{ message: what, at: device.qemu.at }] : [];
}

/**
 * `&label {` overrides of the node written in the user's files that did not become part of the tree:
 * inside a comment, or under a false `#if`. The author thinks they are active.
 */
export function inactiveOverrides(side: PairSide, node: Node, sources: SourceHost): Location[] {
  const out: Location[] = [];
  for (const path of side.userFiles) {
    const file = sources.read(path);
    if (!(file instanceof SourceFile)) continue;
    for (const label of node.labels) {
      const re = new RegExp(`&${escapeRegExp(label.name)}\\s*\\{`, 'g');
      for (let m = re.exec(file.text); m; m = re.exec(file.text)) {
        const at = file.rangeAt(m.index, m.index + 1 + label.name.length);
        const active = node.definedAt.some((d) => resolve(d.file) === resolve(at.file) && d.line === at.line && d.column === at.column);
        if (!active) out.push(at);
      }
    }
  }
  return out;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Related locations minus those on the finding's own line (a note that repeats the anchor says nothing). */
export function notesBesides(related: readonly RelatedLocation[], at: Location): RelatedLocation[] {
  return related.filter((r) => !(resolve(r.at.file) === resolve(at.file) && r.at.line === at.line));
}

/**
 * The `/delete-property/ <name>;` that removed a property of the node (the user's own, newest first,
 * else the kernel's), with the value it removed when the tree kept it. A finding about a missing
 * property points there: that line is why it is missing.
 */
export function deletedProperty(side: PairSide, node: Node, name: string): { at: Location; removed?: { value: readonly ValueChunk[]; at: Location } } | undefined {
  const path = nodePath(node);
  const all = (side.tree.deletions ?? []).filter((d) => d.kind === 'property' && d.name === name && d.matched && d.node === path);
  const own = all.filter((d) => side.userFiles.has(resolve(d.at.file)));
  return own[own.length - 1] ?? all[all.length - 1];
}
