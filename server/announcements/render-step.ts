import { createHmac } from 'node:crypto';
import type { Database } from '../database/prisma-client';
import { notFound } from '../errors/app-error';
import type { FileStorage } from '../storage/file-storage';
import { balloonsSchema, type Balloon, type RenderedBalloon, type RenderedMessage } from './announcement-schemas';
import { firstName, hasTokens, renderTokens, type TokenValues } from './personalization-tokens';

export interface RenderDeps {
  storage: FileStorage;
  publicBaseUrl: string;
  /** Signs personalized-image and tracking links so ids in URLs cannot be enumerated. */
  linkSecret: string;
}

export interface StepContext {
  announcementId: string;
  brandName: string;
  show: { id: string; title: string; scheduledStartAt: Date };
  balloons: Balloon[];
  products: Map<string, { id: string; title: string; priceMinor: number; currency: string; imageKeys: string[]; category: string }>;
}

export interface RecipientFields {
  name: string;
}

export function signLink(secret: string, ...parts: (string | number)[]): string {
  return createHmac('sha256', secret).update(parts.join(':')).digest('base64url').slice(0, 22);
}

export const personalizedImagePath = (deliveryId: string, balloonIndex: number, secret: string) =>
  `/api/announcements/images/${deliveryId}/${balloonIndex}?s=${signLink(secret, 'img', deliveryId, balloonIndex)}`;

export async function loadStepContext(db: Database, announcementId: string): Promise<StepContext> {
  const step = await db.announcement.findUnique({ where: { id: announcementId }, include: { show: true, brand: true } });
  if (!step) throw notFound('announcement');
  const balloons = balloonsSchema.parse(step.balloons);
  const productIds = balloons.flatMap((balloon) => (balloon.type === 'product' ? [balloon.productId] : []));
  const products = await db.product.findMany({ where: { id: { in: productIds }, brandId: step.brandId } });
  return {
    announcementId: step.id,
    brandName: step.brand.name,
    show: step.show,
    balloons,
    products: new Map(products.map((product) => [product.id, product])),
  };
}

const startFormat = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });

/**
 * Prepares everything that does not depend on the recipient once, so rendering 100,000 followers is a loop of
 * string replacements. `imageUrl` says where a personalized image for (recipient, balloon) is served.
 */
export function sharedTokenValues(context: StepContext, publicBaseUrl: string): TokenValues {
  return {
    brand: context.brandName,
    show_title: context.show.title,
    show_start: `${startFormat.format(context.show.scheduledStartAt)} UTC`,
    show_url: `${publicBaseUrl.replace(/\/$/, '')}/shows/${context.show.id}`,
  };
}

export const recipientTokenValues = (shared: TokenValues, recipient: RecipientFields): TokenValues => ({
  ...shared,
  name: recipient.name,
  first_name: firstName(recipient.name),
});

export function createStepRenderer(context: StepContext, deps: RenderDeps) {
  const base = deps.publicBaseUrl.replace(/\/$/, '');
  const showUrl = `${base}/shows/${context.show.id}`;
  const shared = sharedTokenValues(context, base);
  const title = `${context.brandName}: ${context.show.title}`;
  const fixed = context.balloons.map((balloon): RenderedBalloon | null => {
    switch (balloon.type) {
      case 'text':
        return hasTokens(balloon.text) ? null : { type: 'text', text: balloon.text };
      case 'image':
        return balloon.overlay ? null : { type: 'image', url: absolute(base, deps.storage.urlFor(balloon.imageKey)), alt: balloon.alt };
      case 'video':
        return { type: 'video', url: balloon.url, posterUrl: balloon.posterKey ? absolute(base, deps.storage.urlFor(balloon.posterKey)) : null };
      case 'product': {
        const product = context.products.get(balloon.productId);
        if (!product) return { type: 'button', label: 'Watch the show', url: showUrl };
        const image = product.imageKeys[0];
        return {
          type: 'product',
          productId: product.id,
          title: product.title,
          priceMinor: product.priceMinor,
          currency: product.currency,
          imageUrl: image ? absolute(base, deps.storage.urlFor(image)) : null,
          url: `${showUrl}?product=${encodeURIComponent(product.id)}`,
          label: balloon.label,
          category: product.category,
        };
      }
      case 'button':
        return hasTokens(balloon.label) ? null : { type: 'button', label: balloon.label, url: balloon.url };
    }
  });

  return function render(recipient: RecipientFields, imageUrl: (balloonIndex: number) => string): RenderedMessage {
    const values = recipientTokenValues(shared, recipient);
    const balloons = context.balloons.map((balloon, index): RenderedBalloon => {
      const constant = fixed[index];
      if (constant) return constant;
      if (balloon.type === 'text') return { type: 'text', text: renderTokens(balloon.text, values) };
      if (balloon.type === 'button') return { type: 'button', label: renderTokens(balloon.label, values), url: balloon.url };
      if (balloon.type === 'image') return { type: 'image', url: absolute(base, imageUrl(index)), alt: balloon.alt };
      throw new Error(`unexpected balloon ${balloon.type}`);
    });
    return { title, showUrl, balloons };
  };
}

export const absolute = (base: string, url: string) => (/^https?:\/\//.test(url) ? url : `${base}${url.startsWith('/') ? '' : '/'}${url}`);
