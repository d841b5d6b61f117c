/**
 * Identifiers as small integers, and the macro table indexed by them. Interning is global (a name
 * keeps its number across runs, so a file scanned once serves every run); the table is one array
 * reused by each run in turn, cleared of the previous run's entries when the next run starts.
 * Preprocessing is synchronous, so two runs never share it at the same time.
 *
 * The intern table hashes the identifier where it stands in the file text, so lexing a file does
 * not allocate a string per identifier, only one per new name.
 */
import type { Macro } from './macros.js';

const names: string[] = [];
/** FNV-1a of each name, or UNHASHED for a name interned as a string and not yet seen in a text. */
const hashes: number[] = [];
let table = new Int32Array(1 << 12).fill(-1);
/** Every name, for intern(): V8 hashes strings natively, and a scan store interns thousands. */
const byName = new Map<string, number>();
const UNHASHED = 0.5;
/** Names in the hash table (those with a hash). */
let hashed = 0;

/** FNV-1a over s[start, end). */
export function hashRange(s: string, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h;
}

/** The id of the identifier s[start, end), whose hash is `h`. */
export function internRange(s: string, start: number, end: number, h: number): number {
  const mask = table.length - 1;
  const len = end - start;
  let slot = h & mask;
  for (;;) {
    const id = table[slot]!;
    if (id < 0) break;
    if (hashes[id] === h) {
      const name = names[id]!;
      if (name.length === len && s.startsWith(name, start)) return id;
    }
    slot = (slot + 1) & mask;
  }
  // Own copy, so that the name does not keep the whole file text alive.
  const name = (' ' + s.slice(start, end)).slice(1);
  const known = byName.get(name);
  if (known !== undefined) {
    // Interned as a string before: now it has a hash, and a slot.
    hashes[known] = h;
    table[slot] = known;
    hashed++;
    if (hashed * 2 > table.length) grow();
    return known;
  }
  const id = add(name, h);
  table[slot] = id;
  hashed++;
  if (hashed * 2 > table.length) grow();
  return id;
}

function add(name: string, h: number): number {
  const id = names.length;
  names.push(name);
  hashes.push(h);
  byName.set(name, id);
  return id;
}

/** The id of `name` (the hash table learns it when a text holds it: internRange). */
export function intern(name: string): number {
  return byName.get(name) ?? add(name, UNHASHED);
}

function grow(): void {
  table = new Int32Array(table.length * 2).fill(-1);
  const mask = table.length - 1;
  for (let id = 0; id < names.length; id++) {
    const h = hashes[id]!;
    if (h === UNHASHED) continue;
    let slot = h & mask;
    while (table[slot]! >= 0) slot = (slot + 1) & mask;
    table[slot] = id;
  }
}

export function nameOf(id: number): string {
  return names[id]!;
}

const slots: (Macro | undefined)[] = [];
let touched: number[] = [];

export class MacroTable {
  constructor() {
    this.clear();
  }

  get(id: number): Macro | undefined {
    return id < 0 ? undefined : slots[id];
  }

  has(id: number): boolean {
    return id >= 0 && slots[id] !== undefined;
  }

  set(id: number, macro: Macro): void {
    while (slots.length <= id) slots.push(undefined);
    if (slots[id] === undefined) touched.push(id);
    slots[id] = macro;
  }

  delete(id: number): boolean {
    if (id < 0 || slots[id] === undefined) return false;
    slots[id] = undefined;
    return true;
  }

  /** The macros defined now, each once. */
  defined(): Macro[] {
    const seen = new Set<number>();
    const macros: Macro[] = [];
    for (let k = 0; k < touched.length; k++) {
      const id = touched[k]!;
      const macro = slots[id];
      if (macro === undefined || seen.has(id)) continue;
      seen.add(id);
      macros.push(macro);
    }
    return macros;
  }

  /** Drops the entries of the run that used the table last. */
  clear(): void {
    for (let k = 0; k < touched.length; k++) slots[touched[k]!] = undefined;
    touched = [];
  }
}
