import { describe, expect, it } from '@jest/globals';
import { dirname } from 'node:path';
import { boardsIncluding, expandIncludedFiles, scanIncludes, type IncludeMapHost } from '../../src/lint/include-map.js';

/** An in-memory repository: path → text; directories are implied. */
function memoryHost(files: Record<string, string>): IncludeMapHost {
  const dirs = new Set<string>();
  for (const f of Object.keys(files)) for (let d = dirname(f); !dirs.has(d); d = dirname(d)) dirs.add(d);
  return {
    list(dir) {
      const names = new Map<string, boolean>();
      const prefix = dir.endsWith('/') ? dir : `${dir}/`;
      for (const p of [...Object.keys(files), ...dirs]) {
        if (!p.startsWith(prefix) || p === dir) continue;
        const [name, ...rest] = p.slice(prefix.length).split('/');
        names.set(name!, (names.get(name!) ?? false) || rest.length > 0 || dirs.has(p));
      }
      return [...names].map(([name, isDirectory]) => ({ name, isDirectory }));
    },
    read: (f) => files[f],
    isFile: (p) => Object.hasOwn(files, p),
    exists: (p) => Object.hasOwn(files, p) || dirs.has(p),
    real: (p) => p,
  };
}

const REPO = {
  '/r/.git/HEAD': 'ref: refs/heads/main\n',
  '/r/soc/acme.dtsi': '/ { soc {}; };\n',
  '/r/soc/acme-pins.dtsi': '#include "acme.dtsi"\n',
  '/r/boards/a.dts': '/dts-v1/;\n#include "../soc/acme-pins.dtsi"\n',
  '/r/boards/b.dts': '/dts-v1/;\n/include/ "common.dtsi"\n',
  '/r/boards/common.dtsi': '#include <acme.dtsi>\n',
  '/r/boards/c.dts': '/dts-v1/;\n#include "other.h"\n',
  '/r/boards/orphan.dtsi': '/ { };\n',
  '/r/boards/standalone.dtsi': '/dts-v1/;\n/ { };\n',
  '/r/node_modules/x/d.dts': '#include "../../soc/acme.dtsi"\n',
};

describe('include map', () => {
  const host = memoryHost(REPO);

  it('scans #include and /include/, quoted beside the file then in include dirs, angle in include dirs', () => {
    const map = scanIncludes('/r', { host, includeDirs: ['/r/soc'] });
    expect(Object.fromEntries(map)).toEqual({
      '/r/boards/a.dts': ['/r/soc/acme-pins.dtsi'],
      '/r/boards/b.dts': ['/r/boards/common.dtsi'],
      '/r/boards/c.dts': [],
      '/r/boards/common.dtsi': ['/r/soc/acme.dtsi'],
      '/r/boards/orphan.dtsi': [],
      '/r/boards/standalone.dtsi': [],
      '/r/soc/acme-pins.dtsi': ['/r/soc/acme.dtsi'],
      '/r/soc/acme.dtsi': [],
    });
    expect(boardsIncluding('/r/soc/acme.dtsi', map)).toEqual(['/r/boards/a.dts', '/r/boards/b.dts']);
  });

  it('replaces a .dtsi by the boards that include it; keeps .dts; an orphan is skipped unless it stands alone', () => {
    const expanded = expandIncludedFiles(['/r/boards/b.dts', '/r/soc/acme.dtsi', '/r/boards/orphan.dtsi', '/r/boards/standalone.dtsi'], { host, includeDirs: ['/r/soc'] });
    expect(expanded.files).toEqual(['/r/boards/b.dts', '/r/boards/a.dts', '/r/boards/standalone.dtsi']);
    expect(expanded.notifications).toEqual([
      { severity: 'warning', message: '/r/boards/orphan.dtsi: no .dts file under /r includes it, so it is not linted (lint a board that includes it)', file: '/r/boards/orphan.dtsi' },
    ]);
  });

  it('without the include dir, an angle include is not found: only the quoted chain counts', () => {
    expect(expandIncludedFiles(['/r/soc/acme.dtsi'], { host }).files).toEqual(['/r/boards/a.dts']);
  });

  it('leaves a missing file for the engine to report', () => {
    expect(expandIncludedFiles(['/r/gone.dtsi'], { host }).files).toEqual(['/r/gone.dtsi']);
  });
});
