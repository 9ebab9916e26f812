/**
 * The data a table's header row is rendered from: each field answers its column
 * title; `.Label "com.example.name"` answers the label's last dotted part, as
 * docker titles label columns.
 */
export class TableHeader {
  constructor(titles: Record<string, string>) {
    Object.assign(this, titles);
  }

  Label(name: string): string {
    return (name.split('.').pop() ?? name).replace(/[-_]/g, ' ');
  }
}
