import { RLIMIT_INFINITY } from './runtime-spec.js';

const U64_MAX_MARKER = '\u0000u64max';
const U64_MAX = '18446744073709551615';

/**
 * JSON text for an OCI document (config.json, an exec's process.json, update resources).
 * JSON.stringify cannot write the uint64 maximum: the number 2^64 (RLIMIT_INFINITY, or a
 * parsed 18446744073709551615) would print as 18446744073709552000, which Go's uint64 parser
 * rejects, so it is written as its exact digits.
 */
export function encodeOciJson(value: unknown, indent?: number): string {
  const text = JSON.stringify(value, (_key, v: unknown) => (v === RLIMIT_INFINITY ? U64_MAX_MARKER : v), indent);
  return text.replaceAll(JSON.stringify(U64_MAX_MARKER), U64_MAX);
}
