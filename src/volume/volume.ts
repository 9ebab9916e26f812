/** A volume as the engine knows it, before Docker's wire shape is put on it in api/dockercompat. */
export interface Volume {
  name: string;
  driver: 'local';
  /** Host path containers bind: `<root>/<name>/_data`. */
  mountpoint: string;
  /** ISO time. */
  createdAt: string;
  labels: Record<string, string>;
  /** Driver options as given (`type`, `device`, `o`). */
  options: Record<string, string>;
}
