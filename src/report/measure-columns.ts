/**
 * The width of each of the first `header.length` columns: the longest of its title and its cells. A loop
 * rather than Math.max(...cells): spread arguments live on the stack, which a table of ~125,000 rows
 * overflows.
 * @example measureColumns(['A', 'BB'], [['xyz', 'q']]) // [3, 2]
 */
export function measureColumns(header: readonly string[], rows: readonly (readonly string[])[]): number[] {
  const widths = header.map((title) => title.length);
  for (const cells of rows) {
    for (let column = 0; column < widths.length; column += 1) {
      const length = cells[column]?.length ?? 0;
      if (length > (widths[column] ?? 0)) widths[column] = length;
    }
  }
  return widths;
}
