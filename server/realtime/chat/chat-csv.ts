// CSV for spreadsheets. A cell that starts with = + - @ (or a tab / carriage return) would run as a formula in
// Excel or Sheets, so it gets a leading apostrophe (OWASP's advice for CSV injection).
const formulaStart = /^[=+\-@\t\r]/;

export function csvCell(value: string): string {
  const safe = formulaStart.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export const csvRow = (cells: string[]) => `${cells.map(csvCell).join(',')}\r\n`;
