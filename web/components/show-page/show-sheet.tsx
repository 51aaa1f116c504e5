'use client';

import { useRouter } from 'next/navigation';
import styles from './show-sheet.module.css';

/**
 * A page opened from the show without leaving it (an intercepted route): full screen on a phone, under the show's
 * mini-player; a panel at the right on wide screens, beside the playing video. Closing goes back to the show.
 */
export function ShowSheet({ title, children }: { title: string; children: React.ReactNode }) {
  const router = useRouter();
  return (
    <section className={styles.sheet} role="dialog" aria-label={title} data-testid="show-sheet">
      <header className={styles.header}>
        <button type="button" className="button" onClick={() => router.back()} data-testid="show-sheet-back">
          ← Back to the show
        </button>
      </header>
      <div className={styles.body}>{children}</div>
    </section>
  );
}
