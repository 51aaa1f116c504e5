'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useEffect, useState } from 'react';
import { api, errorMessage } from '../../api/api-client';
import { useSession } from '../session/session-provider';
import { enablePush, pushSupported } from './push-registration';
import styles from './follow.module.css';

interface FollowState {
  following: boolean;
  preferences: { optOutEmail: boolean; optOutPush: boolean; optOutLine: boolean } | null;
}

/** Follow a brand from its show page; followers choose their channels (in-app is always on). */
export function FollowButton({ brandId, brandName }: { brandId: string; brandName: string }) {
  const { me } = useSession();
  const pathname = usePathname();
  const [state, setState] = useState<FollowState | null>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const path = `/api/brands/${encodeURIComponent(brandId)}/follow`;

  useEffect(() => {
    if (!me) return;
    api.get<FollowState>(path).then(setState, () => setState({ following: false, preferences: null }));
  }, [me, path]);

  if (me === undefined) return null;
  if (me === null) {
    return (
      <Link className="button button-small" href={`/sign-in?next=${encodeURIComponent(pathname ?? '/')}`} data-testid="follow-sign-in">
        Follow {brandName}
      </Link>
    );
  }

  async function run(action: () => Promise<FollowState>) {
    setBusy(true);
    setMessage(null);
    try {
      setState(await action());
    } catch (caught) {
      setMessage(errorMessage(caught));
    } finally {
      setBusy(false);
    }
  }

  async function turnOnPush() {
    setMessage(null);
    const result = await enablePush().catch(() => 'unavailable' as const);
    setMessage(result === 'enabled' ? 'Push notifications are on.' : result === 'denied' ? 'Notifications are blocked in this browser.' : 'Push is not available here.');
    if (result === 'enabled' && state?.preferences?.optOutPush) await run(() => api.patch<FollowState>(path, { optOutPush: false }));
  }

  const following = state?.following ?? false;
  return (
    <div className={styles.follow}>
      <button
        type="button"
        className={following ? 'button button-small' : 'button button-small button-primary'}
        aria-pressed={following}
        disabled={busy || state === null}
        onClick={() => void run(() => (following ? api.delete<FollowState>(path) : api.post<FollowState>(path)))}
        data-testid="follow-button"
      >
        {following ? 'Following' : `Follow ${brandName}`}
      </button>
      {following && state?.preferences ? (
        <details className={styles.prefs}>
          <summary>Notifications</summary>
          <div className={styles.prefsPanel}>
            <p className="muted">You always get messages in your inbox.</p>
            <label className="checkbox">
              <input
                type="checkbox"
                checked={!state.preferences.optOutEmail}
                onChange={(event) => void run(() => api.patch<FollowState>(path, { optOutEmail: !event.target.checked }))}
              />
              Email
            </label>
            <label className="checkbox">
              <input
                type="checkbox"
                checked={!state.preferences.optOutPush}
                onChange={(event) => void run(() => api.patch<FollowState>(path, { optOutPush: !event.target.checked }))}
              />
              Push notifications
            </label>
            {pushSupported() ? (
              <button type="button" className="button button-small" onClick={() => void turnOnPush()}>
                Enable push on this device
              </button>
            ) : null}
          </div>
        </details>
      ) : null}
      {message ? (
        <span className="muted" role="status">
          {message}
        </span>
      ) : null}
    </div>
  );
}
