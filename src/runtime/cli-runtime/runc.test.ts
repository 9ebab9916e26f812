import { CliOciRuntime } from './cli-oci-runtime.js';
import { ociRuntimeSuite } from './oci-runtime-testsuite.js';
import { runcDialect } from './runtime-dialect.js';

ociRuntimeSuite('runc', (root) => new CliOciRuntime(runcDialect, { root }));
