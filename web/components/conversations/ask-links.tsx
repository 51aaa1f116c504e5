'use client';

// The ways into a conversation with a brand: "Chat with us", "Ask privately" (a show), "Ask about this" (a product).
import Link from 'next/link';
import { useSession } from '../session/session-provider';

export function chatHref(brandId: string, productId?: string): string {
  const search = new URLSearchParams({ brand: brandId, ...(productId ? { product: productId } : {}) });
  return `/me/chats/new?${search.toString()}`;
}

/** Signed out, the link goes through sign-in and comes back. */
function useSignedHref(href: string): string {
  const { me } = useSession();
  return me === null ? `/sign-in?next=${encodeURIComponent(href)}` : href;
}

export function AskLink({
  brandId,
  productId,
  label,
  className = 'button button-small',
}: {
  brandId: string;
  productId?: string;
  label: string;
  className?: string;
}) {
  const href = useSignedHref(chatHref(brandId, productId));
  return (
    <Link href={href} className={className} data-testid={productId ? 'ask-about-product' : 'ask-brand'}>
      {label}
    </Link>
  );
}
