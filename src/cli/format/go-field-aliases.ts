/**
 * Docker's templates run on Go structs whose field names sometimes differ from
 * their JSON names (`ID` is sent as `Id`, `APIVersion` as `ApiVersion`); berth
 * templates run on the JSON. This adds the Go spellings as non-enumerable
 * properties, so both `{{.Id}}` and `{{.ID}}` work while JSON output is unchanged.
 */
export function withGoFieldAliases<T extends object>(obj: T, aliases: Record<string, string>): T {
  const record = obj as Record<string, unknown>;
  for (const [goName, jsonName] of Object.entries(aliases)) {
    if (Object.hasOwn(record, jsonName) && !Object.hasOwn(record, goName)) {
      Object.defineProperty(record, goName, { value: record[jsonName], enumerable: false });
    }
  }
  return obj;
}
