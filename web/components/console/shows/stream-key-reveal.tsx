'use client';

import { Alert } from '../../feedback/feedback';
import { CopyButton } from '../copy-button';

/** The stream key is only ever returned once (it is stored hashed), so say so and offer a copy button. */
export function StreamKeyReveal({ streamKey }: { streamKey: string }) {
  return (
    <div className="stack" data-testid="stream-key-reveal">
      <Alert tone="info">
        <strong>Copy this stream key now.</strong> It is shown only once; if you lose it, rotate it to get a new one.
        Anyone with the key can stream to this show.
      </Alert>
      <div className="row">
        <code
          className="code card"
          style={{ padding: 'var(--space-2) var(--space-3)', flex: '1 1 240px' }}
          data-testid="stream-key"
        >
          {streamKey}
        </code>
        <CopyButton text={streamKey} label="Copy key" testId="copy-stream-key" />
      </div>
    </div>
  );
}
