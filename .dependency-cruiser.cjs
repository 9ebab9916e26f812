/**
 * The module boundaries of docs/architecture.md, checked in CI (`npm run lint:deps`).
 * Drivers (concrete implementations) are constructed only in src/daemon.
 */
const DRIVERS = '^src/(content/local|snapshot/overlay|runtime/cli-runtime|runtime/monitor|network/bridge|network/dns)/';
module.exports = {
  forbidden: [
    { name: 'core-is-pure', severity: 'error', from: { path: '^src/core/' }, to: { path: '^src/(?!core/)' } },
    { name: 'sys-only-core', severity: 'error', from: { path: '^src/sys/' }, to: { path: '^src/(?!core/|sys/)' } },
    {
      name: 'drivers-only-from-daemon', severity: 'error',
      from: { path: '^src/', pathNot: ['^src/daemon/', '\\.test\\.ts$', 'testsuite\\.ts$', DRIVERS] },
      to: { path: DRIVERS },
    },
    { name: 'api-no-sys', severity: 'error', from: { path: '^src/api/' }, to: { path: '^src/sys/' } },
    { name: 'engine-no-api', severity: 'error', from: { path: '^src/engine/' }, to: { path: '^src/(api|daemon|cli|client)/' } },
    { name: 'engine-no-http', severity: 'error', from: { path: '^src/engine/' }, to: { path: '^(node:)?https?$', dependencyTypes: ['core'] } },
    {
      name: 'cli-is-a-client', severity: 'error',
      from: { path: '^src/(cli|client)/' },
      to: { path: '^src/', pathNot: ['^src/(cli|client|core)/', '^src/archive/(tar-(header|reader)|byte-reader)\\.ts$'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    exclude: { path: '^(dist|node_modules)/' },
  },
};
