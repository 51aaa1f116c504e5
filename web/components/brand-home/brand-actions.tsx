'use client';

// The brand home's calls to action: Follow, and "Chat with us" (a conversation with the brand; signed out, through
// sign-in and back).
import Link from 'next/link';
import { FollowButton } from '../follow/follow-button';
import { useSession } from '../session/session-provider';

export function chatPath(brandId: string, productId?: string): string {
  const search = new URLSearchParams({ brand: brandId, ...(productId ? { product: productId } : {}) });
  return `/me/chats/new?${search.toString()}`;
}

export function ChatLink({ brandId, productId, label, className }: { brandId: string; productId?: string; label: string; className: string }) {
  const { me } = useSession();
  const href = chatPath(brandId, productId);
  return (
    <Link className={className} href={me === null ? `/sign-in?next=${encodeURIComponent(href)}` : href} data-testid={productId ? 'brand-ask-product' : 'brand-chat'}>
      {label}
    </Link>
  );
}

export function BrandActions({ brandId, brandName }: { brandId: string; brandName: string }) {
  return (
    <div className="row" data-testid="brand-actions">
      <FollowButton brandId={brandId} brandName={brandName} />
      <ChatLink brandId={brandId} label="Chat with us" className="button button-small" />
    </div>
  );
}
