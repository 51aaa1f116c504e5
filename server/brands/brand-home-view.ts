import { toPublicStock } from '../catalog/public-stock';
import type { ShowLinks } from '../shows/show-view';
import type { BrandHomeShowCard, BrandHomeView, BrandProfileView } from './brand-profile-schemas';
import type { getBrandHome, getBrandProfile } from './brand-home-service';

type Home = Awaited<ReturnType<typeof getBrandHome>>;
type ShowRow = Home['live'][number];

const showCard = (show: ShowRow, links: ShowLinks): BrandHomeShowCard => ({
  id: show.id,
  title: show.title,
  description: show.description,
  coverUrl: show.coverImageKey ? links.storage.urlFor(show.coverImageKey) : null,
  status: show.status,
  scheduledStartAt: show.scheduledStartAt.toISOString(),
  startedAt: show.startedAt?.toISOString() ?? null,
  endedAt: show.endedAt?.toISOString() ?? null,
  url: `/shows/${show.id}`,
});

/** The public brand home: only what anyone may see (no stock counts above the low-stock threshold). */
export function toBrandHomeView(home: Home, links: ShowLinks): BrandHomeView {
  const { brand } = home;
  return {
    brand: {
      id: brand.id,
      name: brand.name,
      slug: brand.slug,
      about: brand.profile?.about ?? '',
      coverUrl: brand.profile?.coverImageKey ? links.storage.urlFor(brand.profile.coverImageKey) : null,
      followers: home.followers,
    },
    live: home.live.map((show) => showCard(show, links)),
    upcoming: home.upcoming.map((show) => showCard(show, links)),
    replays: home.replays.map((show) => showCard(show, links)),
    products: home.products.map((product) => ({
      id: product.id,
      title: product.title,
      priceMinor: product.priceMinor,
      currency: product.currency,
      category: product.category,
      imageUrl: product.imageKeys[0] ? links.storage.urlFor(product.imageKeys[0]) : null,
      stock: toPublicStock(product.stock),
    })),
  };
}

export function toBrandProfileView(
  brand: Awaited<ReturnType<typeof getBrandProfile>>,
  links: ShowLinks,
): BrandProfileView {
  const coverImageKey = brand.profile?.coverImageKey ?? null;
  return {
    brandId: brand.id,
    name: brand.name,
    slug: brand.slug,
    about: brand.profile?.about ?? '',
    coverImageKey,
    coverUrl: coverImageKey ? links.storage.urlFor(coverImageKey) : null,
    publicUrl: `${links.publicBaseUrl}/brands/${brand.slug}`,
    chatOrderKeywords: brand.chatOrderKeywords,
  };
}
