import type { Readable } from 'node:stream';
import { parse, CsvError } from 'csv-parse';
import type { Database } from '../database/prisma-client';
import { applyBatch } from './csv-import-batch';
import {
  checkHeaders,
  isRowError,
  normalizeHeader,
  validateRow,
  type ImportRow,
  type RowError,
} from './csv-import-row';

export interface ImportProgress {
  rows: number;
  created: number;
  updated: number;
  failed: number;
  bytes: number;
}

export interface ImportResult extends ImportProgress {
  /** Every bad row with its reason (the first `maxReportedErrors`; `failed` counts them all). */
  errors: RowError[];
  /** A problem with the file as a whole (no usable header, broken quoting at the end). */
  fatal: string | null;
}

export const maxReportedErrors = 5000;
const batchSize = 5000;

/**
 * Streams a customer CSV into followers. Rows are validated one by one (BOM, quoted fields and embedded newlines
 * are csv-parse's job), duplicates inside the file are refused with the line of their first occurrence, and valid
 * rows are applied in batches. A batch that fails as a whole (a concurrent follow took an email) is retried row by
 * row, so a bad row never takes good ones down with it and never half applies.
 */
export async function importFollowersCsv(
  db: Database,
  brandId: string,
  input: Readable,
  onProgress: (progress: ImportProgress) => void = () => {},
  options: { maxBytes?: number } = {},
): Promise<ImportResult> {
  const result: ImportResult = { rows: 0, created: 0, updated: 0, failed: 0, bytes: 0, errors: [], fatal: null };
  const fail = (error: RowError) => {
    result.failed += 1;
    if (result.errors.length < maxReportedErrors) result.errors.push(error);
  };
  const maxBytes = options.maxBytes ?? 200 * 1024 * 1024;
  let headerProblem: string | null = null;
  const parser = parse({
    bom: true,
    columns: (header: string[]) => {
      const columns = header.map(normalizeHeader);
      headerProblem = checkHeaders(columns);
      return columns;
    },
    skip_empty_lines: true,
    trim: false,
    relax_column_count: false,
    skip_records_with_error: true,
    max_record_size: 64 * 1024,
    info: true,
  });
  parser.on('skip', (error: CsvError) => {
    result.rows += 1;
    fail({
      line: Number((error as CsvError & { lines?: number }).lines ?? 0),
      reason: `unreadable row: ${error.message.replace(/^Invalid Record Length: /, '')}`,
    });
  });
  input.on('data', (chunk: Buffer) => {
    result.bytes += chunk.length;
    if (result.bytes > maxBytes)
      input.destroy(new Error(`the file is larger than ${Math.round(maxBytes / 1024 / 1024)} MB`));
  });
  input.on('error', (error) => parser.destroy(error));
  input.pipe(parser);

  const seen = {
    email: new Map<string, number>(),
    externalId: new Map<string, number>(),
    phone: new Map<string, number>(),
  };
  let batch: ImportRow[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const rows = batch;
    batch = [];
    await applyRows(db, brandId, rows, result, fail);
    onProgress({
      rows: result.rows,
      created: result.created,
      updated: result.updated,
      failed: result.failed,
      bytes: result.bytes,
    });
  };

  try {
    for await (const { record, info } of parser as AsyncIterable<{
      record: Record<string, string>;
      info: { lines: number };
    }>) {
      if (headerProblem) break;
      result.rows += 1;
      const row = validateRow(record, info.lines);
      if (isRowError(row)) {
        fail(row);
        continue;
      }
      const duplicate = (['email', 'externalId', 'phone'] as const).find(
        (key) => row[key] && seen[key].has(row[key] as string),
      );
      if (duplicate) {
        fail({
          line: row.line,
          reason: `duplicate ${duplicate === 'externalId' ? 'external id' : duplicate} (first on line ${seen[duplicate].get(row[duplicate] as string)})`,
        });
        continue;
      }
      for (const key of ['email', 'externalId', 'phone'] as const)
        if (row[key]) seen[key].set(row[key] as string, row.line);
      batch.push(row);
      if (batch.length >= batchSize) await flush();
    }
    await flush();
  } catch (error) {
    await flush().catch(() => {});
    result.fatal = error instanceof Error ? error.message : String(error);
  }
  if (headerProblem) result.fatal = headerProblem;
  if (result.rows === 0 && !result.fatal) result.fatal = 'the file has no rows';
  return result;
}

async function applyRows(
  db: Database,
  brandId: string,
  rows: ImportRow[],
  result: ImportResult,
  fail: (error: RowError) => void,
): Promise<void> {
  try {
    const applied = await applyBatch(db, brandId, rows);
    result.created += applied.created;
    result.updated += applied.updated;
    applied.errors.forEach(fail);
  } catch (error) {
    if (rows.length === 1) {
      const [row] = rows;
      if (row)
        fail({
          line: row.line,
          reason: `could not be saved: ${error instanceof Error ? error.message.split('\n').at(-1)?.slice(0, 200) : 'unknown error'}`,
        });
      return;
    }
    for (const row of rows) await applyRows(db, brandId, [row], result, fail);
  }
}
