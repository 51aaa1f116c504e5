// The brand's official account page: its profile, live and upcoming shows, replays and products, in one read.
import type { Database } from '../database/prisma-client';
import { AppError, notFound } from '../errors/app-error';
import type { BrandProfileInput } from './brand-profile-schemas';

const showSelect = {
  id: true,
  title: true,
  description: true,
  coverImageKey: true,
  scheduledStartAt: true,
  status: true,
  startedAt: true,
  endedAt: true,
  replayPath: true,
} as const;

export async function getBrandHome(db: Database, slug: string) {
  const brand = await db.brand.findUnique({
    where: { slug },
    select: { id: true, name: true, slug: true, profile: true, chatOrderKeywords: true },
  });
  if (!brand) throw notFound('brand');
  const [live, upcoming, replays, products, followers] = await Promise.all([
    db.show.findMany({
      where: { brandId: brand.id, status: 'LIVE' },
      select: showSelect,
      orderBy: { startedAt: 'desc' },
      take: 6,
    }),
    db.show.findMany({
      where: { brandId: brand.id, status: 'SCHEDULED' },
      select: showSelect,
      orderBy: { scheduledStartAt: 'asc' },
      take: 12,
    }),
    db.show.findMany({
      where: { brandId: brand.id, status: 'ENDED', replayPath: { not: null } },
      select: showSelect,
      orderBy: { endedAt: 'desc' },
      take: 12,
    }),
    db.product.findMany({
      where: { brandId: brand.id, archivedAt: null },
      select: { id: true, title: true, priceMinor: true, currency: true, imageKeys: true, stock: true, category: true },
      orderBy: { createdAt: 'desc' },
      take: 24,
    }),
    db.follower.count({
      where: { brandId: brand.id, OR: [{ userId: { not: null } }, { lineUserId: { not: null }, optOutLine: false }] },
    }),
  ]);
  return { brand, live, upcoming, replays, products, followers };
}

export async function getBrandProfile(db: Database, brandId: string) {
  const brand = await db.brand.findUnique({
    where: { id: brandId },
    select: { id: true, name: true, slug: true, profile: true, chatOrderKeywords: true },
  });
  if (!brand) throw notFound('brand');
  return brand;
}

export async function updateBrandProfile(db: Database, brandId: string, input: BrandProfileInput) {
  if (input.slug !== undefined) {
    const taken = await db.brand.findFirst({ where: { slug: input.slug, id: { not: brandId } }, select: { id: true } });
    if (taken) throw new AppError('CONFLICT', 'another brand already has this address', { slug: 'taken' });
    await db.brand.update({ where: { id: brandId }, data: { slug: input.slug } }).catch((error: unknown) => {
      if ((error as { code?: string }).code === 'P2002')
        throw new AppError('CONFLICT', 'another brand already has this address', { slug: 'taken' });
      throw error;
    });
  }
  if (input.chatOrderKeywords !== undefined) {
    const words = [...new Set(input.chatOrderKeywords.map((word) => word.normalize('NFKC').trim().toUpperCase()))];
    await db.brand.update({ where: { id: brandId }, data: { chatOrderKeywords: words } });
  }
  const profile = {
    ...(input.about !== undefined ? { about: input.about } : {}),
    ...(input.coverImageKey !== undefined ? { coverImageKey: input.coverImageKey } : {}),
  };
  await db.brandProfile.upsert({ where: { brandId }, create: { brandId, ...profile }, update: profile });
  return getBrandProfile(db, brandId);
}
