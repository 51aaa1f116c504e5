import Link from 'next/link';
import { EmptyState } from '../components/feedback/feedback';

export default function NotFound() {
  return (
    <main className="container">
      <EmptyState
        title="Page not found"
        action={
          <Link className="button button-primary" href="/">
            Go to the home page
          </Link>
        }
      >
        The link may be old or mistyped.
      </EmptyState>
    </main>
  );
}
