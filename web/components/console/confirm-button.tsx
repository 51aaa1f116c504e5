'use client';

import { useRef, useState } from 'react';
import { errorMessage } from '../../api/api-client';
import { Alert } from '../feedback/feedback';
import styles from './confirm-button.module.css';

/** A button that asks for confirmation in a modal dialog before running `onConfirm`. */
export function ConfirmButton({
  label,
  title,
  children,
  confirmLabel,
  onConfirm,
  danger = false,
  testId,
}: {
  label: string;
  title: string;
  children: React.ReactNode;
  confirmLabel: string;
  onConfirm: () => Promise<void>;
  danger?: boolean;
  testId?: string;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function confirm() {
    setBusy(true);
    setError(null);
    try {
      await onConfirm();
      dialog.current?.close();
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <button
        type="button"
        className={`button ${danger ? 'button-danger' : ''}`}
        onClick={() => {
          setError(null);
          dialog.current?.showModal();
        }}
        data-testid={testId}
      >
        {label}
      </button>
      <dialog ref={dialog} className={styles.dialog} aria-labelledby={`${testId ?? label}-title`}>
        <h2 id={`${testId ?? label}-title`}>{title}</h2>
        <div className="muted">{children}</div>
        <Alert>{error}</Alert>
        <div className={styles.actions}>
          <button type="button" className="button" onClick={() => dialog.current?.close()} disabled={busy}>
            Keep as is
          </button>
          <button
            type="button"
            className={`button ${danger ? 'button-danger-solid' : 'button-primary'}`}
            onClick={confirm}
            disabled={busy}
            data-testid={testId ? `${testId}-confirm` : undefined}
          >
            {busy ? 'Working…' : confirmLabel}
          </button>
        </div>
      </dialog>
    </>
  );
}
