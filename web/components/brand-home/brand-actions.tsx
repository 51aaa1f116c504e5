'use client';

// The brand home's calls to action: Follow, and "Chat with us" (the conversations' own entry link: signed out, it
// goes through sign-in and comes back).
import { AskLink } from '../conversations/ask-links';
import { FollowButton } from '../follow/follow-button';

export function BrandActions({ brandId, brandName }: { brandId: string; brandName: string }) {
  return (
    <div className="row" data-testid="brand-actions">
      <FollowButton brandId={brandId} brandName={brandName} />
      <AskLink brandId={brandId} label="Chat with us" />
    </div>
  );
}
