'use client';

import Link from 'next/link';
import { BrandProvider } from '../console/brand-context';
import { RequireSession } from '../console/require-session';
import { EmptyState } from '../feedback/feedback';
import { Studio } from './studio';

/** Signed-in hosts and admins of the brand only; everyone else is told why and where to go. */
export function StudioPage({ brandId, showId }: { brandId: string; showId: string }) {
  return (
    <RequireSession>
      {(me) => {
        const membership = me.memberships.find((entry) => entry.brandId === brandId);
        if (!membership || (membership.role !== 'HOST' && membership.role !== 'ADMIN')) {
          return (
            <main className="container">
              <EmptyState
                title="The studio is for this brand’s hosts"
                action={
                  <Link className="button" href="/console">
                    Go to your console
                  </Link>
                }
              >
                Ask a brand admin to add you as a host and assign you to the show.
              </EmptyState>
            </main>
          );
        }
        return (
          <main className="container">
            {/* the brand context lets the studio hold the console's flash-sale panel */}
            <BrandProvider membership={membership}>
              <Studio brandId={brandId} showId={showId} userId={me.user.id} isAdmin={membership.role === 'ADMIN'} />
            </BrandProvider>
          </main>
        );
      }}
    </RequireSession>
  );
}
