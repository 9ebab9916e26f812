import { invalidArgument } from '../../core/engine-error.js';

/**
 * Typed reads of fields of a decoded JSON request, each failing with a 400 that names the
 * field (Docker answers wrong types the same way, from Go's JSON decoder).
 */
export class JsonFields {
  constructor(private readonly obj: Record<string, unknown>, private readonly where: string) {}

  static of(v: unknown, where: string): JsonFields {
    if (v === undefined || v === null) return new JsonFields({}, where);
    if (typeof v !== 'object' || Array.isArray(v)) throw invalidArgument(`invalid value for ${where}: expected an object`);
    return new JsonFields(v as Record<string, unknown>, where);
  }

  private bad(key: string, want: string): never {
    throw invalidArgument(`invalid value for ${this.where}.${key}: expected ${want}, got ${JSON.stringify(this.obj[key])}`);
  }

  has(key: string): boolean {
    return this.obj[key] !== undefined && this.obj[key] !== null;
  }

  sub(key: string): JsonFields {
    return JsonFields.of(this.obj[key], `${this.where}.${key}`);
  }

  str(key: string): string | undefined {
    const v = this.obj[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'string') this.bad(key, 'a string');
    return v;
  }

  bool(key: string): boolean | undefined {
    const v = this.obj[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'boolean') this.bad(key, 'a boolean');
    return v;
  }

  int(key: string): number | undefined {
    const v = this.obj[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'number' || !Number.isInteger(v)) this.bad(key, 'an integer');
    return v;
  }

  strArray(key: string): string[] | undefined {
    const v = this.obj[key];
    if (v === undefined || v === null) return undefined;
    if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) this.bad(key, 'an array of strings');
    return v as string[];
  }

  /** Docker's StrSlice: a string (one element) or an array of strings. */
  strSlice(key: string): string[] | undefined {
    const v = this.obj[key];
    if (typeof v === 'string') return [v];
    return this.strArray(key);
  }

  strMap(key: string): Record<string, string> | undefined {
    const v = this.obj[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'object' || Array.isArray(v) || Object.values(v).some((x) => typeof x !== 'string')) this.bad(key, 'an object of strings');
    return v as Record<string, string>;
  }

  /** A set written as an object whose keys matter (ExposedPorts, Volumes). */
  keySet(key: string): string[] | undefined {
    const v = this.obj[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'object' || Array.isArray(v)) this.bad(key, 'an object');
    return Object.keys(v as object);
  }

  array(key: string): JsonFields[] | undefined {
    const v = this.obj[key];
    if (v === undefined || v === null) return undefined;
    if (!Array.isArray(v)) this.bad(key, 'an array');
    return v.map((x, i) => JsonFields.of(x, `${this.where}.${key}[${i}]`));
  }

  raw(key: string): unknown {
    return this.obj[key];
  }
}
