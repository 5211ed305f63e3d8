/**
 * Arrow-key navigation through the matrix (the ARIA grid pattern with a roving tabindex): Tab enters the
 * matrix once, at the cell last focused; arrows move by row and column, skipping places where a site is
 * not served; Home and End go to the row's ends, Page Up and Page Down ten rows. Enter follows the link.
 */
export function enableGridKeys(table: HTMLTableElement): void {
  const rows = () =>
    [...table.tBodies]
      .flatMap((body) => [...body.rows])
      .filter((row) => !row.classList.contains('group'))
      .map((row) => [...row.cells].slice(1).map((cell) => cell.querySelector<HTMLAnchorElement>('a.cell')));
  const links = () => [...table.querySelectorAll<HTMLAnchorElement>('a.cell')];
  const first = links()[0];
  for (const link of links()) link.tabIndex = link === first ? 0 : -1;

  const focus = (target: HTMLAnchorElement) => {
    for (const link of links()) link.tabIndex = -1;
    target.tabIndex = 0;
    target.focus();
  };

  table.addEventListener('focusin', (event) => {
    const link = (event.target as Element).closest?.('a.cell');
    if (link instanceof HTMLAnchorElement && link.tabIndex !== 0) focus(link);
  });

  table.addEventListener('keydown', (event) => {
    const current = (event.target as Element).closest?.('a.cell');
    if (!(current instanceof HTMLAnchorElement)) return;
    const grid = rows();
    const rowIndex = grid.findIndex((row) => row.includes(current));
    const row = grid[rowIndex];
    if (row === undefined) return;
    const column = row.indexOf(current);
    const inRow = (cells: Array<HTMLAnchorElement | null>, from: number, step: number) => {
      for (let index = from; index >= 0 && index < cells.length; index += step) {
        const cell = cells[index];
        if (cell) return cell;
      }
      return undefined;
    };
    /** the first row from `from` on (going `step`) with a filled cell: the one at this column or the closest */
    const inColumn = (from: number, step: number) => {
      for (let index = from; index >= 0 && index < grid.length; index += step) {
        const cells = grid[index] ?? [];
        const cell = cells[column] ?? inRow(cells, column, -1) ?? inRow(cells, column, 1);
        if (cell) return cell;
      }
      return undefined;
    };
    let next: HTMLAnchorElement | undefined;
    switch (event.key) {
      case 'ArrowRight':
        next = inRow(row, column + 1, 1);
        break;
      case 'ArrowLeft':
        next = inRow(row, column - 1, -1);
        break;
      case 'ArrowDown':
        next = inColumn(rowIndex + 1, 1);
        break;
      case 'ArrowUp':
        next = inColumn(rowIndex - 1, -1);
        break;
      case 'Home':
        next = inRow(row, 0, 1);
        break;
      case 'End':
        next = inRow(row, row.length - 1, -1);
        break;
      case 'PageDown':
        next = inColumn(Math.min(grid.length - 1, rowIndex + 10), -1);
        break;
      case 'PageUp':
        next = inColumn(Math.max(0, rowIndex - 10), 1);
        break;
      default:
        return;
    }
    event.preventDefault();
    if (next) focus(next);
  });
}
