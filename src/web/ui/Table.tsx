/**
 * A data table that becomes a list of cards on a narrow screen: each cell then shows its column
 * name before the value (CSS, from `data-label`).
 */
import type { ReactNode } from 'react';

export interface Column<T> {
  key: string;
  header: string;
  render: (row: T) => ReactNode;
  /** The cell that names the row (a <th scope="row">). */
  rowHeader?: boolean;
  className?: string;
}

export function Table<T>({
  caption,
  columns,
  rows,
  rowKey,
  captionHidden,
}: {
  caption: string;
  columns: Column<T>[];
  rows: T[];
  rowKey: (row: T) => string;
  captionHidden?: boolean;
}) {
  return (
    <div className="table-wrap">
      <table className="table responsive">
        <caption className={captionHidden ? 'visually-hidden' : undefined}>{caption}</caption>
        <thead>
          <tr>
            {columns.map((column) => (
              <th scope="col" key={column.key} className={column.className}>
                {column.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={rowKey(row)}>
              {columns.map((column) =>
                column.rowHeader ? (
                  <th
                    scope="row"
                    key={column.key}
                    data-label={column.header}
                    className={column.className}
                  >
                    {column.render(row)}
                  </th>
                ) : (
                  <td key={column.key} data-label={column.header} className={column.className}>
                    {column.render(row)}
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
