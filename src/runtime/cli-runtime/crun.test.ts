import { CliOciRuntime } from './cli-oci-runtime.js';
import { ociRuntimeSuite } from './oci-runtime-testsuite.js';
import { crunDialect } from './runtime-dialect.js';

ociRuntimeSuite('crun', (root) => new CliOciRuntime(crunDialect, { root }));
