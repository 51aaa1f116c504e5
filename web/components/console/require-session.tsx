'use client';

import { usePathname, useRouter } from 'next/navigation';
import { useEffect } from 'react';
import type { Me } from '../../api/api-types';
import { ErrorState, LoadingState } from '../feedback/feedback';
import { useSession } from '../session/session-provider';

/** Renders children with the signed-in account, or sends the person to sign in and back. */
export function RequireSession({ children }: { children: (me: Me) => React.ReactNode }) {
  const { me, error } = useSession();
  const router = useRouter();
  const pathname = usePathname();

  useEffect(() => {
    if (me === null && !error) router.replace(`/sign-in?next=${encodeURIComponent(pathname ?? '/console')}`);
  }, [me, error, router, pathname]);

  if (error) {
    return (
      <main className="container">
        <ErrorState message={error} onRetry={() => window.location.reload()} />
      </main>
    );
  }
  if (!me) {
    return (
      <main className="container">
        <LoadingState label={me === null ? 'Redirecting to sign in…' : 'Loading your account…'} />
      </main>
    );
  }
  return <>{children(me)}</>;
}
