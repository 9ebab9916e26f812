import type { FlagSpec } from '../args/flag-spec.js';

const TABLE_HELP = `Format output using a custom template:
'table':            Print output in table format with column headers (default)
'table TEMPLATE':   Print output in table format using the given Go template
'json':             Print in JSON format
'TEMPLATE':         Print output using the given Go template.
Refer to https://docs.docker.com/go/formatting/ for more information about formatting output with templates`;

const PLAIN_HELP = `Format output using a custom template:
'json':             Print in JSON format
'TEMPLATE':         Print output using the given Go template.
Refer to https://docs.docker.com/go/formatting/ for more information about formatting output with templates`;

/** `--format` (docker's help text); `table` for list commands, plain for inspect/version/info. */
export function formatFlag(kind: 'table' | 'plain', short?: string): FlagSpec {
  return { long: 'format', ...(short ? { short } : {}), kind: 'value', description: kind === 'table' ? TABLE_HELP : PLAIN_HELP };
}
