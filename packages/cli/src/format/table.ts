/**
 * @module Juju's tabular layout: left-aligned columns two spaces apart, numeric columns
 * right-aligned, no trailing blanks.
 */

export interface Column {
  readonly title: string;
  readonly right?: boolean;
  /** Colours a padded cell (terminals only); gets the cell's plain text. */
  readonly paint?: (padded: string, text: string) => string;
}

/** Renders a header row and rows as aligned text, one line each (no final newline). */
export function table(columns: readonly Column[], rows: readonly (readonly string[])[]): string {
  const widths = columns.map((c, i) =>
    Math.max(c.title.length, ...rows.map((r) => (r[i] ?? '').length)),
  );
  const line = (cells: readonly string[], header = false): string =>
    columns
      .map((c, i) => {
        const cell = cells[i] ?? '';
        const width = widths[i] ?? 0;
        const padded = c.right ? cell.padStart(width) : cell.padEnd(width);
        return header || !c.paint ? padded : c.paint(padded, cell);
      })
      .join('  ')
      .trimEnd();
  return [
    line(
      columns.map((c) => c.title),
      true,
    ),
    ...rows.map((r) => line(r)),
  ].join('\n');
}
