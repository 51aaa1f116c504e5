'use client';

import Link from 'next/link';
import { usePathname, useRouter } from 'next/navigation';
import { useEffect, useRef } from 'react';
import { NotificationBell } from './inbox/notification-bell';
import { useSession } from './session/session-provider';
import styles from './site-header.module.css';

export function SiteHeader() {
  const { me, signOut } = useSession();
  const pathname = usePathname();
  const router = useRouter();
  const menu = useRef<HTMLDetailsElement>(null);
  const next =
    pathname && pathname !== '/sign-in' && pathname !== '/sign-up' ? `?next=${encodeURIComponent(pathname)}` : '';

  // The account menu is a <details>; close it when the page changes.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the path is the trigger, not an input
  useEffect(() => menu.current?.removeAttribute('open'), [pathname]);

  async function handleSignOut() {
    menu.current?.removeAttribute('open');
    await signOut().catch(() => undefined);
    router.push('/');
  }

  return (
    <header className={styles.header}>
      <div className={styles.inner}>
        <Link href="/" className={styles.logo} data-testid="home-link">
          <span className={styles.dot} aria-hidden="true" />
          Livecart
        </Link>
        <nav className={styles.nav} aria-label="Account">
          {me === undefined ? null : me === null ? (
            <>
              <Link href={`/sign-in${next}`} className={styles.navLink} data-testid="sign-in-link">
                Sign in
              </Link>
              <Link href={`/sign-up${next}`} className="button button-primary button-small">
                Sign up
              </Link>
            </>
          ) : (
            <>
              {me.memberships.length > 0 ? (
                <Link href="/console" className={styles.navLink} data-testid="console-link">
                  Console
                </Link>
              ) : null}
              <NotificationBell />
              <details className={styles.menu} ref={menu} data-testid="account-menu">
                <summary aria-label={`Account menu for ${me.user.name}`}>
                  <span className={styles.avatar} aria-hidden="true">
                    {me.user.name.trim().charAt(0).toUpperCase() || '?'}
                  </span>
                  <span className={styles.menuName}>{me.user.name}</span>
                </summary>
                <div className={styles.panel}>
                  <div>
                    <strong>{me.user.name}</strong>
                    <div className={styles.email}>{me.user.email}</div>
                  </div>
                  {me.memberships.map((membership) => (
                    <Link
                      key={membership.brandId}
                      href={`/console/${membership.brandId}/products`}
                      onClick={() => menu.current?.removeAttribute('open')}
                    >
                      {membership.brandName} <span className="muted">· {membership.role.toLowerCase()}</span>
                    </Link>
                  ))}
                  <button type="button" className="button button-small" onClick={handleSignOut} data-testid="sign-out">
                    Sign out
                  </button>
                </div>
              </details>
            </>
          )}
        </nav>
      </div>
    </header>
  );
}
