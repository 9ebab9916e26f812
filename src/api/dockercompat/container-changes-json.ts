import type { ChangeKind, ContainerChange } from '../../engine/containers/container-changes.js';

const KIND: Record<ChangeKind, number> = { modified: 0, added: 1, deleted: 2 };

/** Docker's `GET /containers/{id}/changes` items; null (not []) when nothing changed, as Docker answers. */
export function toDockerChanges(changes: ContainerChange[]): Array<{ Path: string; Kind: number }> | null {
  return changes.length === 0 ? null : changes.map((c) => ({ Path: c.path, Kind: KIND[c.kind] }));
}
