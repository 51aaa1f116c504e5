/**
 * Stock as the public sees it. Exact counts only when few are left: "Only 3 left" is what a buyer needs, while an
 * exact count of a large stock would let anyone polling the public API read a brand's inventory and sales rate.
 * Pure and dependency-free, so the web app imports it for its own reservation answers.
 */
export const lowStockThreshold = 10;

export type PublicStock =
  | { status: 'in_stock'; left: null }
  | { status: 'low'; left: number }
  | { status: 'sold_out'; left: 0 };

export function toPublicStock(stock: number): PublicStock {
  if (stock <= 0) return { status: 'sold_out', left: 0 };
  if (stock <= lowStockThreshold) return { status: 'low', left: stock };
  return { status: 'in_stock', left: null };
}
