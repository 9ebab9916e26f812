import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sharedSpecsDir } from '../../../runtime/spec/testing/oci-schema-validator.js';

/*
 * Test support only: checks Docker-shaped JSON against a definition of the Engine API v1.50
 * swagger in ../shared/specs. The YAML is read line by line for one definition's top-level
 * properties and required list (no YAML parser among the dependencies, and no need for one).
 */

/** Property names and required list of a definition (top-level properties only); undefined when the spec is absent. */
export function specDefinition(name: string): { properties: Set<string>; required: string[] } | undefined {
  const file = join(sharedSpecsDir(), 'docker-engine-api-v1.50.yaml');
  if (!existsSync(file)) return undefined;
  const lines = readFileSync(file, 'utf8').split('\n');
  const start = lines.indexOf(`  ${name}:`);
  assert.ok(start >= 0, `no definition ${name} in the v1.50 spec`);
  const properties = new Set<string>();
  const required: string[] = [];
  let inRequired = false;
  for (let i = start + 1; i < lines.length && !/^ {2}\S/.test(lines[i]!); i++) {
    const line = lines[i]!;
    const prop = /^ {6}([A-Za-z0-9]+):$/.exec(line);
    if (prop) properties.add(prop[1]!);
    const inline = /^ {4}required: \[(.*)\]$/.exec(line);
    if (inline) required.push(...inline[1]!.split(',').map((s) => s.trim()));
    if (/^ {4}required:$/.test(line)) inRequired = true;
    else if (inRequired && /^ {6}- (\w+)$/.test(line)) required.push(/^ {6}- (\w+)$/.exec(line)![1]!);
    else if (!/^ {6}- /.test(line)) inRequired = false;
  }
  return { properties, required };
}

/** Every key of `obj` is a property of the definition, and every required property is there. */
export function conforms(name: string, obj: Record<string, unknown>): void {
  const def = specDefinition(name);
  if (!def) return;
  for (const r of def.required) assert.ok(r in obj, `${name}.${r} is required`);
  for (const k of Object.keys(obj)) assert.ok(def.properties.has(k), `${name}.${k} is not in the v1.50 spec`);
}
