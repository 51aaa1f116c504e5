import Link from 'next/link';
import { EmptyState } from '../feedback/feedback';

/** An unknown or cancelled show: the server's 404 page and the client's answer say the same, and nothing more. */
export function ShowUnavailable() {
  return (
    <main className="container">
      <EmptyState
        title="This show is not available"
        action={
          <Link className="button" href="/">
            See other shows
          </Link>
        }
      >
        It may have been cancelled, or the link is wrong.
      </EmptyState>
    </main>
  );
}
