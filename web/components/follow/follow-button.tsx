'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useEffect, useState } from 'react';
import { call, errorMessage } from '../../api/api-client';
import { useSession } from '../session/session-provider';
import { enablePush, pushSupported } from './push-registration';
import styles from './follow.module.css';
import { audienceRoutes, type FollowStatus as FollowState } from '@server/audience/audience-schemas';

/** Follow a brand from its show page; followers choose their channels (in-app is always on). */
export function FollowButton({ brandId, brandName }: { brandId: string; brandName: string }) {
  const { me } = useSession();
  const pathname = usePathname();
  const [state, setState] = useState<FollowState | null>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);

  useEffect(() => {
    if (!me) return;
    call(audienceRoutes.followStatus, { params: { brandId } }).then(setState, () =>
      setState({ following: false, preferences: null }),
    );
  }, [me, brandId]);

  if (me === undefined) return null;
  if (me === null) {
    return (
      <Link
        className="button button-small"
        href={`/sign-in?next=${encodeURIComponent(pathname ?? '/')}`}
        data-testid="follow-sign-in"
      >
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
    setMessage(
      result === 'enabled'
        ? 'Push notifications are on.'
        : result === 'denied'
          ? 'Notifications are blocked in this browser.'
          : 'Push is not available here.',
    );
    if (result === 'enabled' && state?.preferences?.optOutPush)
      await run(() => call(audienceRoutes.preferences, { params: { brandId }, body: { optOutPush: false } }));
  }

  const following = state?.following ?? false;
  return (
    <div className={styles.follow}>
      <button
        type="button"
        className={following ? 'button button-small' : 'button button-small button-primary'}
        aria-pressed={following}
        disabled={busy || state === null}
        onClick={() =>
          void run(() => call(following ? audienceRoutes.unfollow : audienceRoutes.follow, { params: { brandId } }))
        }
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
                onChange={(event) =>
                  void run(() =>
                    call(audienceRoutes.preferences, {
                      params: { brandId },
                      body: { optOutEmail: !event.target.checked },
                    }),
                  )
                }
              />
              Email
            </label>
            <label className="checkbox">
              <input
                type="checkbox"
                checked={!state.preferences.optOutPush}
                onChange={(event) =>
                  void run(() =>
                    call(audienceRoutes.preferences, {
                      params: { brandId },
                      body: { optOutPush: !event.target.checked },
                    }),
                  )
                }
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
