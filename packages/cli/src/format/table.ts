/**
 * @module Juju's tabular layout: left-aligned columns two spaces apart, numeric columns
 * right-aligned, no trailing blanks.
 */

export interface Column {
  readonly title: string;
  readonly right?: boolean;
}

/** Renders a header row and rows as aligned text, one line each (no final newline). */
export function table(columns: readonly Column[], rows: readonly (readonly string[])[]): string {
  const widths = columns.map((c, i) =>
    Math.max(c.title.length, ...rows.map((r) => (r[i] ?? '').length)),
  );
  const line = (cells: readonly string[]): string =>
    columns
      .map((c, i) => {
        const cell = cells[i] ?? '';
        const width = widths[i] ?? 0;
        return c.right ? cell.padStart(width) : cell.padEnd(width);
      })
      .join('  ')
      .trimEnd();
  return [line(columns.map((c) => c.title)), ...rows.map(line)].join('\n');
}
