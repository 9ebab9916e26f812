import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';

/*
 * Test support only: validates documents against the OCI runtime-spec JSON schema kept in
 * ../shared/specs (relative to the repository root, the tests' working directory). It
 * loads ajv, a dev dependency, so production code must never import this file.
 */

/**
 * Where the shared specs live: $BERTH_SHARED_SPECS, else ../shared/specs beside the checkout, else
 * the workplace's /work/shared/specs (for a checkout cloned elsewhere on the same machine).
 */
export const sharedSpecsDir = (): string => {
  if (process.env.BERTH_SHARED_SPECS) return process.env.BERTH_SHARED_SPECS;
  const candidates = [resolve(process.cwd(), '../shared/specs'), '/work/shared/specs'];
  return candidates.find((d) => existsSync(d)) ?? candidates[0]!;
};

interface AjvError { instancePath: string; message?: string }
interface AjvValidate { (data: unknown): boolean; errors?: AjvError[] | null }
interface AjvInstance { addSchema(schema: object, key: string): void; compile(schema: object): AjvValidate }

/** The draft-04 schemas, made acceptable to ajv 8: `$schema` dropped, non-Linux platform files stubbed. */
function load(dir: string, file: string): Record<string, unknown> {
  const schema = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Record<string, unknown>;
  delete schema.$schema;
  return schema;
}

export type Validator = (doc: unknown) => string[];

/**
 * A validator for config.json: returns the schema errors, [] when valid. ajv is resolved
 * from the working directory so tests compiled to any outDir find the repo's node_modules.
 */
export function ociConfigValidator(): Validator {
  const require = createRequire(join(process.cwd(), 'package.json'));
  const AjvClass = (require('ajv') as { default: new (o: object) => AjvInstance }).default;
  const ajv = new AjvClass({ strict: false, allErrors: true });
  const dir = join(sharedSpecsDir(), 'oci-runtime-spec');
  for (const f of ['defs.json', 'defs-linux.json', 'config-linux.json', 'defs-vm.json', 'config-vm.json']) ajv.addSchema(load(dir, f), f);
  // config-schema.json references platform files the repository does not carry; berth emits none of them.
  for (const p of ['solaris', 'windows', 'zos', 'freebsd']) ajv.addSchema({ [p]: {} }, `config-${p}.json`);
  const validate = ajv.compile(load(dir, 'config-schema.json'));
  return (doc) => (validate(doc) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`));
}

/**
 * Validators for what the image store writes: the OCI image index (index.json), image manifests
 * and image configs, against the image-spec schemas in ../shared/specs/oci-image-spec.
 */
export function ociImageValidators(): { index: Validator; manifest: Validator; config: Validator } {
  const require = createRequire(join(process.cwd(), 'package.json'));
  const AjvClass = (require('ajv') as { default: new (o: object) => AjvInstance }).default;
  const ajv = new AjvClass({ strict: false, allErrors: true });
  const dir = join(sharedSpecsDir(), 'oci-image-spec');
  // The image-spec schemas name themselves with draft-04 `id`, which ajv 8 refuses; their $refs are
  // relative file names, resolved here by the keys the files are added under.
  const loadImageSchema = (file: string) => stripIds(load(dir, file)) as Record<string, unknown>;
  for (const f of ['defs.json', 'defs-descriptor.json', 'content-descriptor.json']) ajv.addSchema(loadImageSchema(f), f);
  const make = (file: string): Validator => {
    const validate = ajv.compile(loadImageSchema(file));
    return (doc) => (validate(doc) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`));
  };
  return { index: make('image-index-schema.json'), manifest: make('image-manifest-schema.json'), config: make('config-schema.json') };
}

function stripIds(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(stripIds);
  if (node === null || typeof node !== 'object') return node;
  return Object.fromEntries(Object.entries(node).filter(([k, v]) => !(k === 'id' && typeof v === 'string')).map(([k, v]) => [k, stripIds(v)]));
}
