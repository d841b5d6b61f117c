/**
 * dtlint's layers, enforced in `npm test` (`npm run layers`): data flows one way, and a module knows
 * only the layers below it:
 *
 *   cli -> run -> (report, rules) -> (passthrough, lint) -> graph -> dts
 *
 * `run` (src/run) is the composition root: the only layer that knows the rule registry. `config`
 * and `report` sit beside the lint engine's types; `src/index.ts` (the library API) and `src/cli`
 * are entry points. No circles anywhere.
 */
const layer = (name, path) => ({ name, path });
const LAYERS = [
  layer('cli', '^src/cli/'),
  layer('api', '^src/index\\.ts$'),
  layer('run', '^src/run/'),
  layer('report', '^src/report/'),
  layer('config', '^src/config/'),
  layer('rules', '^rules/'),
  layer('passthrough', '^src/passthrough/'),
  layer('lint', '^src/lint/'),
  layer('graph', '^src/graph/'),
  layer('dts', '^src/dts/'),
];

/** What each layer may import besides itself (and node/npm modules). */
const ALLOWED = {
  cli: ['api', 'run', 'report', 'config', 'rules', 'passthrough', 'lint', 'graph', 'dts', 'version'],
  api: ['run', 'report', 'lint', 'graph', 'dts', 'version'],
  run: ['report', 'config', 'rules', 'passthrough', 'lint', 'graph', 'dts'],
  report: ['lint', 'dts', 'version'],
  config: ['lint', 'passthrough'],
  rules: ['passthrough', 'lint', 'graph', 'dts'],
  passthrough: ['graph', 'dts'],
  lint: ['graph', 'dts'],
  graph: ['dts'],
  dts: [],
};

const pathOf = (name) => (name === 'version' ? '^src/version\\.ts$' : LAYERS.find((l) => l.name === name).path);

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'A circle of imports: one of its modules should not know the other.',
      from: { path: '^(src|rules)/' },
      // A circle of type-only imports is erased at build time and orders nothing at run time.
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    ...LAYERS.map((l) => ({
      name: `layer-${l.name}`,
      severity: 'error',
      comment: `${l.name} imports only ${ALLOWED[l.name].join(', ') || 'itself'} (see the layers above)`,
      from: { path: l.path },
      to: {
        path: '^(src|rules)/',
        pathNot: [l.path, ...ALLOWED[l.name].map(pathOf)],
      },
    })),
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    includeOnly: '^(src|rules)/',
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
  },
};
