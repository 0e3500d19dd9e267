/**
 * The layers, kept by a machine (`npm run lint`): pure domain logic imports nothing of the server,
 * the database, the web app, I/O adapters, the demo or the command line; the server never imports
 * the demo; the web app reaches the server only through HTTP; no import cycles anywhere.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment:
        'src/domain is pure logic in the field’s words: no server, database, web, I/O adapter, demo or CLI import.',
      severity: 'error',
      from: { path: '^src/domain/', pathNot: '\\.test\\.ts$' },
      to: { path: '^src/(server|db|web|geo|demo|cli)/' },
    },
    {
      name: 'domain-no-node-io',
      comment: 'src/domain does no I/O: no filesystem, network, database or process modules.',
      severity: 'error',
      from: { path: '^src/domain/', pathNot: '\\.test\\.ts$' },
      to: {
        dependencyTypes: ['core'],
        path: '^(fs|node:fs|fs/promises|node:fs/promises|net|node:net|http|node:http|https|node:https|child_process|node:child_process|worker_threads|node:worker_threads)$',
      },
    },
    {
      name: 'server-not-demo',
      comment: 'The server must not depend on the demo data: production runs without it.',
      severity: 'error',
      from: { path: '^src/(server|db|geo|domain)/' },
      to: { path: '^src/demo/' },
    },
    {
      name: 'web-not-server',
      comment:
        'The web app talks to the server over HTTP; it may share the pure domain (schemas, policy), never server or database code.',
      severity: 'error',
      from: { path: '^src/web/' },
      to: { path: '^src/(server|db|geo|demo|cli)/' },
    },
    {
      name: 'product-not-tests',
      comment: 'Product code never imports tests, benchmarks or their oracles.',
      severity: 'error',
      from: { path: '^src/', pathNot: '\\.test\\.ts$' },
      to: { path: '^(tests|bench)/' },
    },
    {
      name: 'no-cycles',
      comment: 'An import cycle makes a layer impossible to read on its own.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|dist|data|tmp)/|^tests/fixtures/layers/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
      extensions: ['.ts', '.tsx', '.js', '.json'],
    },
  },
};
