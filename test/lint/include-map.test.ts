import { describe, expect, it } from '@jest/globals';
import { dirname } from 'node:path';
import { boardsIncluding, expandIncludedFiles, scanIncludes, scanScope, type IncludeMapHost } from '../../src/lint/include-map.js';

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

  it('maps headers too: a board reached through a .dtsi that includes a header, a board\'s own header', () => {
    const repo = memoryHost({
      '/h/.git/HEAD': '',
      '/h/include/dt-bindings/clock/acme.h': '#include <dt-bindings/clock/common.h>\n#define ACME_UART 3\n',
      '/h/include/dt-bindings/clock/common.h': '#define CLK_NONE 0\n',
      '/h/soc/acme.dtsi': '#include <dt-bindings/clock/acme.h>\n/ { };\n',
      '/h/boards/a.dts': '/dts-v1/;\n#include "../soc/acme.dtsi"\n#include "a-pins.h"\n',
      '/h/boards/b.dts': '/dts-v1/;\n#include "../soc/acme.dtsi"\n',
      '/h/boards/o.dtso': '/dts-v1/;\n/plugin/;\n#include <dt-bindings/clock/common.h>\n',
      '/h/boards/a-pins.h': '#define PIN 1\n',
      '/h/boards/unused.h': '#define NOBODY 1\n',
    });
    const options = { host: repo, includeDirs: ['/h/include'] };
    expect(expandIncludedFiles(['/h/include/dt-bindings/clock/acme.h'], options)).toEqual({ files: ['/h/boards/a.dts', '/h/boards/b.dts'], notifications: [] });
    // Through a header that includes it; an overlay counts as a board.
    expect(expandIncludedFiles(['/h/include/dt-bindings/clock/common.h'], options).files).toEqual(['/h/boards/a.dts', '/h/boards/b.dts', '/h/boards/o.dtso']);
    expect(expandIncludedFiles(['/h/boards/a-pins.h'], options).files).toEqual(['/h/boards/a.dts']);
    expect(expandIncludedFiles(['/h/boards/unused.h'], options)).toEqual({
      files: [],
      notifications: [{ severity: 'warning', message: '/h/boards/unused.h: no .dts file under /h includes it, so it is not linted (lint a board that includes it)', file: '/h/boards/unused.h' }],
    });
    // Ignored boards are not linted; when every board is, that is said instead.
    const ignored = (p: string): boolean => p.startsWith('/h/boards/a');
    expect(expandIncludedFiles(['/h/include/dt-bindings/clock/acme.h'], { ...options, ignored }).files).toEqual(['/h/boards/b.dts']);
    expect(expandIncludedFiles(['/h/boards/a-pins.h'], { ...options, ignored }).notifications.map((n) => n.message)).toEqual([
      '/h/boards/a-pins.h: every board that includes it (1) is ignored, so it is not linted',
    ]);
  });

  it('in a kernel tree (no .git in a source tarball) scans arch/*/boot/dts, from a header under include/ too', () => {
    const kernel = memoryHost({
      '/k/scripts/dtc/include-prefixes/README': '',
      '/k/include/dt-bindings/x.h': '',
      '/k/arch/arm64/boot/dts/vendor/board.dts': '/dts-v1/;\n#include <dt-bindings/x.h>\n',
      '/k/arch/arm/boot/dts/board.dts': '/dts-v1/;\n',
      '/k/arch/x86/Makefile': '',
      '/k/drivers/foo.dts': '/dts-v1/;\n',
    });
    expect(scanScope('/k/include/dt-bindings/x.h', kernel)).toEqual({ root: '/k', dirs: ['/k/arch/arm/boot/dts', '/k/arch/arm64/boot/dts'] });
    expect(expandIncludedFiles(['/k/include/dt-bindings/x.h'], { host: kernel, includeDirs: ['/k/include'] }).files).toEqual(['/k/arch/arm64/boot/dts/vendor/board.dts']);
  });
});
