'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useEffect } from 'react';
import type { Me } from '../../api/api-types';
import { EmptyState, LoadingState } from '../feedback/feedback';
import { RequireSession } from './require-session';

function Picker({ me }: { me: Me }) {
  const router = useRouter();
  const only = me.memberships.length === 1 ? me.memberships[0] : undefined;

  useEffect(() => {
    if (only) router.replace(`/console/${only.brandId}/products`);
  }, [only, router]);

  if (only) return <LoadingState label={`Opening ${only.brandName}…`} />;
  if (me.memberships.length === 0) {
    return (
      <EmptyState title="You are not on any brand's team yet">
        When a brand adds you as admin, host or moderator, its console appears here.
      </EmptyState>
    );
  }
  return (
    <>
      <h1>Choose a brand</h1>
      <ul className="stack" style={{ listStyle: 'none', padding: 0 }} data-testid="brand-picker">
        {me.memberships.map((membership) => (
          <li key={membership.brandId}>
            <Link href={`/console/${membership.brandId}/products`} className="card row" style={{ color: 'inherit' }}>
              <strong>{membership.brandName}</strong>
              <span className="badge">{membership.role}</span>
            </Link>
          </li>
        ))}
      </ul>
    </>
  );
}

export function BrandPicker() {
  return (
    <RequireSession>
      {(me) => (
        <main className="container">
          <Picker me={me} />
        </main>
      )}
    </RequireSession>
  );
}
