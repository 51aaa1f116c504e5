'use client';

import Link from 'next/link';
import { useParams, usePathname } from 'next/navigation';
import { EmptyState } from '../feedback/feedback';
import { BrandProvider } from './brand-context';
import styles from './console-shell.module.css';
import { RequireSession } from './require-session';

const tabs = [
  { href: 'products', label: 'Products' },
  { href: 'shows', label: 'Shows' },
  { href: 'chats', label: 'Chats' },
  { href: 'audience', label: 'Audience' },
  { href: 'segments', label: 'Segments' },
  { href: 'automation', label: 'Automation' },
  { href: 'brand-page', label: 'Brand page' },
  { href: 'boutiques', label: 'Boutiques' },
  { href: 'offers', label: 'Offers' },
  { href: 'menus', label: 'Menus' },
  { href: 'surveys', label: 'Surveys' },
];
/**
 * Client advisors see only chats and customers; hosts and moderators run shows and do not see private chats or the
 * automation (admins only).
 */
const tabsFor = (role: string) =>
  role === 'ADVISOR'
    ? tabs.filter((tab) => tab.href === 'chats' || tab.href === 'audience')
    : role === 'ADMIN'
      ? tabs
      : tabs.filter((tab) => tab.href !== 'chats' && tab.href !== 'automation');

/** Brand console frame: checks membership of the brand in the URL, then brand bar, tabs and the page. */
export function ConsoleShell({ children }: { children: React.ReactNode }) {
  const params = useParams<{ brandId: string }>();
  const pathname = usePathname() ?? '';
  return (
    <RequireSession>
      {(me) => {
        const membership = me.memberships.find((entry) => entry.brandId === params.brandId);
        if (!membership) {
          return (
            <main className="container">
              <EmptyState
                title="You are not a member of this brand"
                action={
                  <Link className="button" href="/console">
                    Choose one of your brands
                  </Link>
                }
              >
                Ask the brand&apos;s admin to add you, or check the link.
              </EmptyState>
            </main>
          );
        }
        const base = `/console/${membership.brandId}`;
        return (
          <BrandProvider membership={membership}>
            <div className={styles.bar}>
              <div className={styles.barInner}>
                <div className={styles.brand}>
                  <span className={styles.brandName} data-testid="console-brand">
                    {membership.brandName}
                  </span>
                  <span className={styles.role}>{membership.role}</span>
                  {me.memberships.length > 1 ? (
                    <Link className={styles.switch} href="/console">
                      Switch brand
                    </Link>
                  ) : null}
                </div>
                <nav className={styles.tabs} aria-label="Brand console">
                  {tabsFor(membership.role).map((tab) => {
                    const href = `${base}/${tab.href}`;
                    const active = pathname.startsWith(href);
                    return (
                      <Link
                        key={tab.href}
                        href={href}
                        className={`${styles.tab} ${active ? styles.active : ''}`}
                        aria-current={active ? 'page' : undefined}
                        data-testid={`console-tab-${tab.href}`}
                      >
                        {tab.label}
                      </Link>
                    );
                  })}
                </nav>
              </div>
            </div>
            <main className="container">
              {membership.role === 'ADVISOR' && !/\/(chats|audience)(\/|$)/.test(pathname) ? (
                <EmptyState
                  title="Client advisors work in Chats"
                  action={
                    <Link className="button button-primary" href={`${base}/chats`}>
                      Open Chats
                    </Link>
                  }
                >
                  This part of the console is for the brand&apos;s admins and hosts.
                </EmptyState>
              ) : (
                children
              )}
            </main>
          </BrandProvider>
        );
      }}
    </RequireSession>
  );
}
