'use client';

import styles from './feedback.module.css';

export function LoadingState({ label = 'Loading…' }: { label?: string }) {
  return (
    <div className={styles.box} role="status" aria-live="polite" data-testid="loading">
      <div className={styles.spinner} aria-hidden="true" />
      <p className="muted">{label}</p>
    </div>
  );
}

export function EmptyState({
  title,
  children,
  action,
}: {
  title: string;
  children?: React.ReactNode;
  action?: React.ReactNode;
}) {
  return (
    <div className={styles.box} data-testid="empty-state">
      <p className={styles.title}>{title}</p>
      {children ? <p className="muted">{children}</p> : null}
      {action}
    </div>
  );
}

export function ErrorState({ message, onRetry }: { message: string; onRetry?: () => void }) {
  return (
    <div className={styles.box} role="alert" data-testid="error-state">
      <p className={styles.title}>{message}</p>
      {onRetry ? (
        <button type="button" className="button" onClick={onRetry}>
          Try again
        </button>
      ) : null}
    </div>
  );
}

/** Always rendered so screen readers announce the message when it appears. */
export function Alert({
  tone = 'error',
  children,
  testId,
}: {
  tone?: 'error' | 'success' | 'info';
  children?: React.ReactNode;
  testId?: string;
}) {
  return (
    <div
      className={`${styles.alert} ${styles[tone]}`}
      role={tone === 'error' ? 'alert' : 'status'}
      aria-live={tone === 'error' ? 'assertive' : 'polite'}
      data-testid={testId}
    >
      {children}
    </div>
  );
}
