// Response shapes of the HTTP API as the web app reads them (dates are ISO strings on the wire).
// Request bodies are checked with the server's own zod schemas (imported from @server/*); these
// describe the JSON the server's view functions produce.
import type { PublicStock } from '../../server/catalog/public-stock';

export type { PublicStock };

export type StaffRole = 'ADMIN' | 'HOST' | 'MODERATOR' | 'ADVISOR';
export type ShowStatus = 'SCHEDULED' | 'LIVE' | 'ENDED' | 'CANCELLED';

export interface User {
  id: string;
  email: string;
  name: string;
}

export interface Membership {
  brandId: string;
  brandName: string;
  brandSlug: string;
  role: StaffRole;
}

export interface Me {
  user: User;
  memberships: Membership[];
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface Product {
  id: string;
  brandId: string;
  title: string;
  description: string;
  priceMinor: number;
  currency: string;
  stock: number;
  category: string;
  imageKeys: string[];
  imageUrls: string[];
  archivedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface Upload {
  key: string;
  url: string;
}

export interface StaffMember {
  userId: string;
  name: string;
  email: string;
  role: StaffRole;
}

export interface Show {
  id: string;
  brandId: string;
  title: string;
  description: string | null;
  coverImageKey: string | null;
  coverUrl: string | null;
  scheduledStartAt: string;
  status: ShowStatus;
  hostId: string | null;
  hostName: string | null;
  startedAt: string | null;
  endedAt: string | null;
  chatRequiresSignIn: boolean;
  publicUrl: string;
  createdAt: string;
}

export interface ShowProduct {
  id: string;
  showId: string;
  productId: string;
  position: number;
  pinned: boolean;
  flashPriceMinor: number | null;
  flashQuantity: number | null;
  flashStartsAt: string | null;
  flashEndsAt: string | null;
  perBuyerLimit: number | null;
  product: Product;
}

export interface PublicShow {
  id: string;
  title: string;
  description: string | null;
  coverUrl: string | null;
  scheduledStartAt: string;
  status: ShowStatus;
  startedAt: string | null;
  endedAt: string | null;
  hlsUrl: string | null;
  replayUrl: string | null;
  brandName: string;
  brandId: string;
  chatRequiresSignIn: boolean;
}

export interface PublicShowProduct {
  showProductId: string;
  productId: string;
  title: string;
  description: string;
  priceMinor: number;
  currency: string;
  category: string;
  imageUrls: string[];
  pinned: boolean;
  flashPriceMinor: number | null;
  flashQuantity: number | null;
  perBuyerLimit: number | null;
  stock: PublicStock;
}

export interface PublicShowDetail {
  show: PublicShow;
  brand: { id: string; name: string; slug: string };
  products: PublicShowProduct[];
}
