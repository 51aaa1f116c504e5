'use client';

// The numbers behind a chart as a table, with a CSV download. Cells that a spreadsheet would run as a formula are
// written as text (a product title is brand input).
import styles from './analytics.module.css';

export type Cell = string | number;

function csvCell(value: Cell): string {
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function toCsv(headers: string[], rows: Cell[][]): string {
  return [headers, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n');
}

function download(name: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

interface Props {
  caption: string;
  headers: string[];
  rows: Cell[][];
  fileName: string;
  /** open by default (tables that are the view itself, not a chart's numbers) */
  open?: boolean;
  testId?: string;
}

export function DataTable({ caption, headers, rows, fileName, open = false, testId }: Props) {
  return (
    <details className={styles.tableBox} open={open} data-testid={testId}>
      <summary>
        {caption} <span className="muted">({rows.length} rows)</span>
      </summary>
      <div className={styles.tableTools}>
        <button
          type="button"
          className="button button-small"
          onClick={() => download(fileName, toCsv(headers, rows))}
          data-testid={testId ? `${testId}-csv` : undefined}
        >
          Download CSV
        </button>
      </div>
      <div className={styles.tableScroll}>
        <table className={styles.table}>
          <thead>
            <tr>
              {headers.map((header) => (
                <th key={header} scope="col">
                  {header}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: rows are positional (minutes, ranks) and never reordered
              <tr key={index}>
                {row.map((cell, column) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: columns follow the headers
                  <td key={column} className={typeof cell === 'number' ? styles.number : undefined}>
                    {cell}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}
