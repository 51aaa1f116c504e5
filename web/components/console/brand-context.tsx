'use client';

import { createContext, useContext } from 'react';
import type { Membership } from '../../api/api-types';

export interface BrandConsole {
  brandId: string;
  brandName: string;
  role: Membership['role'];
  /** Only admins change products and shows; hosts and moderators get read-only views. */
  canEdit: boolean;
  /** `/api/brands/:brandId` prefix for API calls. */
  apiBase: string;
  /** `/console/:brandId` prefix for links. */
  consoleBase: string;
}

const BrandContext = createContext<BrandConsole | null>(null);

export function BrandProvider({ membership, children }: { membership: Membership; children: React.ReactNode }) {
  const value: BrandConsole = {
    brandId: membership.brandId,
    brandName: membership.brandName,
    role: membership.role,
    canEdit: membership.role === 'ADMIN',
    apiBase: `/api/brands/${encodeURIComponent(membership.brandId)}`,
    consoleBase: `/console/${encodeURIComponent(membership.brandId)}`,
  };
  return <BrandContext.Provider value={value}>{children}</BrandContext.Provider>;
}

export function useBrand(): BrandConsole {
  const value = useContext(BrandContext);
  if (!value) throw new Error('useBrand must be used inside the brand console layout');
  return value;
}
