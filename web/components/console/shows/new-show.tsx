'use client';

import Link from 'next/link';
import { useState } from 'react';
import { useBrand } from '../brand-context';
import { CopyButton } from '../copy-button';
import { ShowForm, type CreatedShow } from './show-form';
import { StreamKeyReveal } from './stream-key-reveal';

export function NewShow() {
  const { consoleBase } = useBrand();
  const [created, setCreated] = useState<CreatedShow | null>(null);

  if (created) {
    return (
      <div className="stack" data-testid="show-created">
        <h1>“{created.show.title}” is scheduled</h1>
        <div className="card stack">
          <h2>Stream key</h2>
          <p className="muted">Paste it into OBS (or any RTMP/WHIP encoder) together with the server address.</p>
          <StreamKeyReveal streamKey={created.streamKey} />
        </div>
        <div className="card stack">
          <h2>Public page</h2>
          <div className="row">
            <code className="code" data-testid="public-url">
              {created.show.publicUrl}
            </code>
            <CopyButton text={created.show.publicUrl} label="Copy link" />
          </div>
        </div>
        <div className="row">
          <Link
            className="button button-primary"
            href={`${consoleBase}/shows/${created.show.id}`}
            data-testid="manage-show"
          >
            Attach products and manage the show
          </Link>
          <Link className="button" href={`${consoleBase}/shows`}>
            Back to shows
          </Link>
        </div>
      </div>
    );
  }

  return (
    <>
      <Link href={`${consoleBase}/shows`}>← Shows</Link>
      <h1 style={{ marginTop: 'var(--space-3)' }}>Schedule a show</h1>
      <ShowForm onCreated={setCreated} />
    </>
  );
}
