'use client';

import { useState } from 'react';
import { call, errorMessage, urlOf } from '../../../../api/api-client';
import styles from './audience.module.css';
import { accountRoutes } from '@server/accounts/account-schemas';
import { audienceRoutes, type ImportLine, importLineSchema } from '@server/audience/audience-schemas';
import { errorBodySchema } from '@server/http/route-schemas';

async function csrf(): Promise<string> {
  const cookie = document.cookie
    .split(';')
    .map((part) => part.trim())
    .find((part) => part.startsWith('lc_csrf='));
  if (cookie) return decodeURIComponent(cookie.slice('lc_csrf='.length));
  return (await call(accountRoutes.csrf)).token;
}

/** Uploads a customer CSV as a stream and shows the server's NDJSON progress lines as they arrive. */
export function CsvImportPanel({ brandId, onDone }: { brandId: string; onDone: () => void }) {
  const [file, setFile] = useState<File | null>(null);
  const [status, setStatus] = useState<ImportLine | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [running, setRunning] = useState(false);

  async function start() {
    if (!file) return;
    setRunning(true);
    setError(null);
    setStatus(null);
    try {
      const response = await fetch(urlOf(audienceRoutes.importCsv, { params: { brandId } }), {
        method: 'POST',
        headers: { 'content-type': 'text/csv', 'x-csrf-token': await csrf() },
        credentials: 'same-origin',
        body: file,
      });
      if (!response.ok || !response.body) {
        const body = errorBodySchema.safeParse(await response.json().catch(() => null)).data ?? null;
        throw new Error(body?.error?.message ?? `Import failed (${response.status})`);
      }
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        const lines = buffer.split('\n');
        buffer = lines.pop() ?? '';
        for (const line of lines) if (line.trim()) setStatus(importLineSchema.parse(JSON.parse(line)));
      }
      onDone();
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : errorMessage(caught));
    } finally {
      setRunning(false);
    }
  }

  const fraction = status && file ? Math.min(1, status.bytes / Math.max(1, file.size)) : 0;
  return (
    <section className={`card ${styles.section}`} aria-labelledby="import-title">
      <h2 id="import-title">Import customers</h2>
      <p className="muted">
        CSV with a header row: <code>email</code>, <code>phone</code> and/or <code>external_id</code>, plus{' '}
        <code>name</code>, <code>line_user_id</code> and <code>tags</code> (separated by ;). Existing followers are
        matched and updated; every bad row is listed with its reason.
      </p>
      <div className={styles.toolbar}>
        <input
          type="file"
          accept=".csv,text/csv"
          className="input"
          onChange={(event) => setFile(event.target.files?.[0] ?? null)}
          data-testid="import-file"
        />
        <button
          type="button"
          className="button button-primary"
          disabled={!file || running}
          onClick={() => void start()}
        >
          {running ? 'Importing…' : 'Import'}
        </button>
      </div>
      {status ? (
        <div role="status" aria-live="polite">
          <progress className={styles.progress} value={status.type === 'done' ? 1 : fraction} max={1} />
          <p>
            {status.rows.toLocaleString()} rows read · {status.created.toLocaleString()} created ·{' '}
            {status.updated.toLocaleString()} updated · {status.failed.toLocaleString()} refused{' '}
            {status.type === 'done' ? '— finished' : ''}
          </p>
          {status.type === 'done' && status.fatal ? <p className="muted">{status.fatal}</p> : null}
          {status.type === 'done' && status.errors.length ? (
            <div className={styles.errors}>
              <table>
                <thead>
                  <tr>
                    <th>Line</th>
                    <th>Reason</th>
                  </tr>
                </thead>
                <tbody>
                  {status.errors.slice(0, 500).map((row) => (
                    <tr key={`${row.line}-${row.reason}`}>
                      <td>{row.line}</td>
                      <td>{row.reason}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
        </div>
      ) : null}
      {error ? <p role="alert">{error}</p> : null}
    </section>
  );
}
