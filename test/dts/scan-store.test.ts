import { afterEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { intern, internRange, hashRange, nameOf } from '../../src/dts/preprocess/names.js';
import { preprocess } from '../../src/dts/preprocess/index.js';
import { FileScan, type ScanColumns, type ScanStore } from '../../src/dts/preprocess/scan.js';
import { decode, diskScanStore, encode, entryPath } from '../../src/dts/store/scan-store.js';
import { SourceFile, SourceHost } from '../../src/dts/source.js';

/** Texts that exercise every column: splices, comments, conditionals, text runs, strings, an open comment. */
const TEXTS = {
  header: '#ifndef H\n#define H\n#define A(x) ((x) + \\\n  1) /* two\nlines */\n#define B "s" // c\n#endif\n',
  board: '/dts-v1/;\n#include "h.h"\n/ {\n\tfoo = <A(2) B>; // x\n#if B > 1\n\tbar;\n#else\n\tbaz;\n#endif\n};\n',
  unbalanced: '#if 1\nx y\n#else\n/* open',
};

function plain(c: ScanColumns): Record<string, unknown> {
  return {
    ...c,
    type: [...c.type],
    flags: [...c.flags],
    start: [...c.start],
    end: [...c.end],
    ids: [...c.ids].map((id) => (id < 0 ? id : nameOf(id))),
    lineKind: [...c.lineKind],
    lineFirst: [...c.lineFirst],
    lineEnd: [...c.lineEnd],
    lineRawStart: [...c.lineRawStart],
    lineRun: [...c.lineRun],
    lineIds0: [...c.lineIds0],
    lineIds1: [...c.lineIds1],
    lineVerbatim: [...c.lineVerbatim],
    lineIds: [...c.lineIds].map(nameOf),
    runs: c.runs.map((r) => ({ ...r, ids: [...r.ids].map(nameOf) })),
    condJump: c.condJump ? [...c.condJump] : null,
    comments: [...Array.from(c.comments)],
  };
}

describe('scan store: entries', () => {
  for (const [name, text] of Object.entries(TEXTS)) {
    it(`gives back the columns of ${name} exactly, and a FileScan that reads as the lexed one`, () => {
      const file = new SourceFile(`/t/${name}`, text, 'stamp');
      const lexed = new FileScan(file);
      const bytes = encode(lexed.columns(), '/t/' + name, 'stamp');
      const columns = decode(bytes, '/t/' + name, 'stamp')!;
      expect(plain(columns)).toEqual(plain(lexed.columns()));
      const restored = new FileScan(file, columns);
      expect(restored.clean).toBe(lexed.clean);
      expect(restored.spliced).toBe(lexed.spliced);
      for (let i = 0; i < lexed.count; i++) expect(restored.text(i)).toBe(lexed.text(i));
    });
  }

  it('does not give an entry made from another stamp, path or format', () => {
    const file = new SourceFile('/t/h', TEXTS.header, 'one');
    const bytes = encode(new FileScan(file).columns(), '/t/h', 'one');
    expect(decode(bytes, '/t/h', 'two')).toBeUndefined();
    expect(decode(bytes, '/t/other', 'one')).toBeUndefined();
    expect(decode(encode(new FileScan(file).columns(), '/t/h', 'one', 'dtlint 1.0.0'), '/t/h', 'one', 'dtlint 1.0.1')).toBeUndefined();
    const other = Buffer.from(bytes);
    other.write('X', 0, 'latin1');
    expect(decode(other, '/t/h', 'one')).toBeUndefined();
    // A truncated (or otherwise damaged) entry fails its checksum: a miss.
    expect(decode(bytes.subarray(0, bytes.length - 4), '/t/h', 'one')).toBeUndefined();
  });
});

/** Modified a minute ago: older than RACY_MS, so the store keeps what it lexes of them. */
function age(...paths: string[]): void {
  const then = new Date(Date.now() - 60_000);
  for (const path of paths) utimesSync(path, then, then);
}

describe('scan store: on disk', () => {
  let dir = '';
  /** The store the next run's host carries. */
  let current: ScanStore | undefined;
  afterEach(() => {
    current = undefined;
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** A store that counts its hits and misses. */
  function counting(store: ScanStore): ScanStore & { hits: number; misses: number } {
    const s = {
      hits: 0,
      misses: 0,
      load(file: SourceFile) {
        const c = store.load(file);
        if (c) s.hits++;
        else s.misses++;
        return c;
      },
      save: (file: SourceFile, columns: ScanColumns) => store.save(file, columns),
    };
    return s;
  }

  function run(main: string): string {
    return preprocess(main, { host: new SourceHost(new Map(), current ? { scans: current } : {}), includeDirs: [] }).text;
  }

  it('lexes a file once: later runs read its entry, until the file changes', () => {
    dir = mkdtempSync(join(tmpdir(), 'dtlint-scans-'));
    const cache = join(dir, 'cache');
    writeFileSync(join(dir, 'h.h'), TEXTS.header);
    writeFileSync(join(dir, 'board.dts'), TEXTS.board);
    age(join(dir, 'h.h'), join(dir, 'board.dts'));
    const store = counting(diskScanStore(cache));
    current = store;
    const first = run(join(dir, 'board.dts'));
    expect([store.hits, store.misses]).toEqual([0, 2]);
    expect(readdirSync(cache).sort()).toEqual([entryPath(cache, join(dir, 'board.dts')), entryPath(cache, join(dir, 'h.h'))].map((p) => p.slice(cache.length + 1)).sort());
    expect(run(join(dir, 'board.dts'))).toBe(first);
    expect([store.hits, store.misses]).toEqual([2, 2]);
    // Same size, new time: a miss, and the output follows the new text.
    writeFileSync(join(dir, 'h.h'), TEXTS.header.replace('#define B "s"', '#define B "t"'));
    expect(run(join(dir, 'board.dts'))).toBe(first.replace('"s"', '"t"'));
    expect([store.hits, store.misses]).toEqual([3, 3]);
    // Just modified, so not kept (a second change in the same tick would keep its stamp): a miss again.
    expect(run(join(dir, 'board.dts'))).toBe(first.replace('"s"', '"t"'));
    expect([store.hits, store.misses]).toEqual([4, 4]);
    age(join(dir, 'h.h'));
    run(join(dir, 'board.dts'));
    expect(run(join(dir, 'board.dts'))).toBe(first.replace('"s"', '"t"'));
    expect([store.hits, store.misses]).toEqual([7, 5]);
  });

  it('treats a damaged entry as a miss and writes it again', () => {
    dir = mkdtempSync(join(tmpdir(), 'dtlint-scans-'));
    const cache = join(dir, 'cache');
    writeFileSync(join(dir, 'h.h'), TEXTS.header);
    writeFileSync(join(dir, 'board.dts'), TEXTS.board);
    age(join(dir, 'h.h'), join(dir, 'board.dts'));
    current = diskScanStore(cache);
    const first = run(join(dir, 'board.dts'));
    const entry = entryPath(cache, join(dir, 'h.h'));
    writeFileSync(entry, readFileSync(entry).subarray(0, 100));
    const store = counting(diskScanStore(cache));
    current = store;
    expect(run(join(dir, 'board.dts'))).toBe(first);
    expect([store.hits, store.misses]).toEqual([1, 1]);
    expect(readFileSync(entry).length).toBeGreaterThan(100);
  });

  it('runs on when the store cannot be written', () => {
    dir = mkdtempSync(join(tmpdir(), 'dtlint-scans-'));
    writeFileSync(join(dir, 'h.h'), TEXTS.header);
    writeFileSync(join(dir, 'board.dts'), TEXTS.board);
    const cache = join(dir, 'cache');
    writeFileSync(cache, 'a file where the directory should be');
    current = diskScanStore(cache);
    expect(run(join(dir, 'board.dts'))).toContain('foo');
  });
});

describe('interned names', () => {
  it('are one id whether first met as a string (a scan entry) or in a text (the lexer)', () => {
    const a = intern('scanStoreTestNameA');
    const text = 'x scanStoreTestNameA y scanStoreTestNameB';
    expect(internRange(text, 2, 20, hashRange(text, 2, 20))).toBe(a);
    const b = internRange(text, 23, 41, hashRange(text, 23, 41));
    expect(intern('scanStoreTestNameB')).toBe(b);
    expect(nameOf(b)).toBe('scanStoreTestNameB');
  });
});
