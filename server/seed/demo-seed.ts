// First start of the embedded demo: a brand with its staff, a viewer, products with images and a show a few
// minutes ahead. Passwords here exist only in embedded mode and are printed at start.
import { randomBytes } from 'node:crypto';
import { hashPassword } from '../accounts/password-hashing';
import type { Database } from '../database/prisma-client';
import { newStreamKey } from '../shows/stream-keys';
import type { FileStorage } from '../storage/file-storage';
import { renderDemoImage } from './demo-images';

export const demoPassword = 'livecart-demo';
export const demoAccounts = {
  admin: 'admin@demo.livecart.local',
  host: 'host@demo.livecart.local',
  moderator: 'moderator@demo.livecart.local',
  viewer: 'viewer@demo.livecart.local',
  advisor: 'advisor@demo.livecart.local',
} as const;

const demoProducts = [
  { title: 'Aurora Tote Bag', category: 'bags', priceMinor: 8900, stock: 40, hue: 12 },
  { title: 'Linen Overshirt', category: 'apparel', priceMinor: 6400, stock: 60, hue: 200 },
  { title: 'Glow Serum 30 ml', category: 'beauty', priceMinor: 3200, stock: 150, hue: 320 },
  { title: 'Canvas Sneakers', category: 'shoes', priceMinor: 7500, stock: 35, hue: 100 },
];

export interface SeedResult {
  seeded: boolean;
  showId?: string;
  streamKey?: string;
}

export async function seedDemo(db: Database, storage: FileStorage, startsInMinutes = 10): Promise<SeedResult> {
  if ((await db.brand.count()) > 0) return { seeded: false };
  const passwordHash = await hashPassword(demoPassword);
  const brand = await db.brand.create({
    data: { name: 'Aurora Atelier', slug: 'aurora-atelier', blockedWords: ['scam'] },
  });
  const user = (email: string, name: string) => db.user.create({ data: { email, name, passwordHash } });
  const [admin, host, moderator, , advisor] = await Promise.all([
    user(demoAccounts.admin, 'Ava Admin'),
    user(demoAccounts.host, 'Hana Host'),
    user(demoAccounts.moderator, 'Milo Moderator'),
    user(demoAccounts.viewer, 'Vera Viewer'),
    user(demoAccounts.advisor, 'Aiko Advisor'),
  ]);
  await db.membership.createMany({
    data: [
      { userId: admin.id, brandId: brand.id, role: 'ADMIN' },
      { userId: host.id, brandId: brand.id, role: 'HOST' },
      { userId: moderator.id, brandId: brand.id, role: 'MODERATOR' },
      { userId: advisor!.id, brandId: brand.id, role: 'ADVISOR' },
    ],
  });

  const products = [];
  for (const item of demoProducts) {
    const key = `${brand.id.toLowerCase()}/${randomBytes(12).toString('base64url')}.png`;
    await storage.put(key, await renderDemoImage(item.title, item.hue), 'image/png');
    products.push(
      await db.product.create({
        data: {
          brandId: brand.id,
          title: item.title,
          description: `${item.title}, made in small batches for the Aurora Atelier live show.`,
          priceMinor: item.priceMinor,
          currency: 'usd',
          stock: item.stock,
          category: item.category,
          imageKeys: [key],
        },
      }),
    );
  }

  const streamKey = newStreamKey();
  const show = await db.show.create({
    data: {
      brandId: brand.id,
      title: 'Autumn Drop: live try-on',
      description: 'New bags and layers, live. Flash deals for the first buyers.',
      scheduledStartAt: new Date(Date.now() + startsInMinutes * 60_000),
      hostId: host.id,
      streamKeyHash: streamKey.hash,
      chatRequiresSignIn: true,
    },
  });
  await db.showProduct.createMany({
    data: products.map((product, position) => ({
      showId: show.id,
      productId: product.id,
      position,
      ...(position === 0 ? { flashPriceMinor: 5900, flashQuantity: 20, perBuyerLimit: 1 } : {}),
    })),
  });
  return { seeded: true, showId: show.id, streamKey: streamKey.key };
}
