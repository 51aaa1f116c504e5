import { createHmac } from 'node:crypto';
import type { Database } from '../database/prisma-client';
import { notFound } from '../errors/app-error';
import type { FileStorage } from '../storage/file-storage';
import { balloonsSchema, type Balloon, type RenderedBalloon, type RenderedMessage } from './announcement-schemas';
import {
  firstName,
  hasTokens,
  normalizeValue,
  parseTemplate,
  renderParts,
  type TemplatePart,
  type TokenValues,
} from './personalization-tokens';

export interface RenderDeps {
  storage: FileStorage;
  publicBaseUrl: string;
  /** Signs tracking links (click, open, unsubscribe) so ids in URLs cannot be forged. */
  linkSecret: string;
}

export interface StepContext {
  announcementId: string;
  brandName: string;
  show: { id: string; title: string; scheduledStartAt: Date };
  balloons: Balloon[];
  products: Map<
    string,
    { id: string; title: string; priceMinor: number; currency: string; imageKeys: string[]; category: string }
  >;
}

export interface RecipientFields {
  name: string;
}

export function signLink(secret: string, ...parts: (string | number)[]): string {
  return createHmac('sha256', secret).update(parts.join(':')).digest('base64url').slice(0, 22);
}

/** A delivery's personalized image. The delivery id is a random UUID known only to its recipient: it is the key. */
export const personalizedImagePrefix = '/api/announcements/images/';
export const personalizedImagePath = (deliveryId: string, balloonIndex: number) =>
  `${personalizedImagePrefix}${deliveryId}/${balloonIndex}`;

export async function loadStepContext(db: Database, announcementId: string): Promise<StepContext> {
  const step = await db.announcement.findUnique({
    where: { id: announcementId },
    include: { show: true, brand: true },
  });
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

/** A balloon with everything that does not depend on the recipient already resolved. */
export type CompiledBalloon =
  | { kind: 'constant'; balloon: RenderedBalloon }
  | { kind: 'text'; parts: TemplatePart[] }
  | { kind: 'button'; label: TemplatePart[]; url: string }
  | { kind: 'image'; alt: string };

export interface CompiledStep {
  title: string;
  showUrl: string;
  base: string;
  balloons: CompiledBalloon[];
}

/** Shared tokens (brand, show…) become literal text, so only name and first_name are left per recipient. */
function bindShared(parts: TemplatePart[], shared: TokenValues): TemplatePart[] {
  return parts.map((part) =>
    'token' in part && part.token in shared ? { text: normalizeValue(shared[part.token]) || part.fallback } : part,
  );
}

export function compileStep(context: StepContext, deps: Pick<RenderDeps, 'storage' | 'publicBaseUrl'>): CompiledStep {
  const base = deps.publicBaseUrl.replace(/\/$/, '');
  const showUrl = `${base}/shows/${context.show.id}`;
  const shared = sharedTokenValues(context, base);
  const balloons = context.balloons.map((balloon): CompiledBalloon => {
    switch (balloon.type) {
      case 'text':
        return hasTokens(balloon.text)
          ? { kind: 'text', parts: bindShared(parseTemplate(balloon.text), shared) }
          : { kind: 'constant', balloon: { type: 'text', text: balloon.text } };
      case 'image':
        return balloon.overlay
          ? { kind: 'image', alt: balloon.alt }
          : {
              kind: 'constant',
              balloon: { type: 'image', url: absolute(base, deps.storage.urlFor(balloon.imageKey)), alt: balloon.alt },
            };
      case 'video':
        return {
          kind: 'constant',
          balloon: {
            type: 'video',
            url: balloon.url,
            posterUrl: balloon.posterKey ? absolute(base, deps.storage.urlFor(balloon.posterKey)) : null,
          },
        };
      case 'product': {
        const product = context.products.get(balloon.productId);
        if (!product) return { kind: 'constant', balloon: { type: 'button', label: 'Watch the show', url: showUrl } };
        const image = product.imageKeys[0];
        return {
          kind: 'constant',
          balloon: {
            type: 'product',
            productId: product.id,
            title: product.title,
            priceMinor: product.priceMinor,
            currency: product.currency,
            imageUrl: image ? absolute(base, deps.storage.urlFor(image)) : null,
            url: `${showUrl}?product=${encodeURIComponent(product.id)}`,
            label: balloon.label,
            category: product.category,
          },
        };
      }
      case 'button':
        return hasTokens(balloon.label)
          ? { kind: 'button', label: bindShared(parseTemplate(balloon.label), shared), url: balloon.url }
          : { kind: 'constant', balloon: { type: 'button', label: balloon.label, url: balloon.url } };
    }
  });
  return { title: `${context.brandName}: ${context.show.title}`, showUrl, base, balloons };
}

export function renderCompiled(
  step: CompiledStep,
  recipient: RecipientFields,
  imageUrl: (balloonIndex: number) => string,
): RenderedMessage {
  const values: TokenValues = { name: recipient.name, first_name: firstName(recipient.name) };
  const balloons = step.balloons.map((balloon, index): RenderedBalloon => {
    switch (balloon.kind) {
      case 'constant':
        return balloon.balloon;
      case 'text':
        return { type: 'text', text: renderParts(balloon.parts, values) };
      case 'button':
        return { type: 'button', label: renderParts(balloon.label, values), url: balloon.url };
      case 'image':
        return { type: 'image', url: absolute(step.base, imageUrl(index)), alt: balloon.alt };
    }
  });
  return { title: step.title, showUrl: step.showUrl, balloons };
}

/** The texts of the recipient's personalized balloons, in order: what a delivery row stores (see render-sql.ts). */
export function personalTexts(step: CompiledStep, recipient: RecipientFields): string[] {
  const values: TokenValues = { name: recipient.name, first_name: firstName(recipient.name) };
  return step.balloons.flatMap((balloon) =>
    balloon.kind === 'text'
      ? [renderParts(balloon.parts, values)]
      : balloon.kind === 'button'
        ? [renderParts(balloon.label, values)]
        : [],
  );
}

/** A delivery's message: the step's template with the delivery's own texts and image links put back in. */
export function assembleMessage(step: CompiledStep, deliveryId: string, personal: readonly string[]): RenderedMessage {
  let next = 0;
  const text = () => personal[next++] ?? '';
  const balloons = step.balloons.map((balloon, index): RenderedBalloon => {
    switch (balloon.kind) {
      case 'constant':
        return balloon.balloon;
      case 'text':
        return { type: 'text', text: text() };
      case 'button':
        return { type: 'button', label: text(), url: balloon.url };
      case 'image':
        return { type: 'image', url: absolute(step.base, personalizedImagePath(deliveryId, index)), alt: balloon.alt };
    }
  });
  return { title: step.title, showUrl: step.showUrl, balloons };
}

/** Renders one recipient in JavaScript (previews); enqueueing renders in SQL from the same compiled step. */
export function createStepRenderer(context: StepContext, deps: Pick<RenderDeps, 'storage' | 'publicBaseUrl'>) {
  const compiled = compileStep(context, deps);
  return (recipient: RecipientFields, imageUrl: (balloonIndex: number) => string) =>
    renderCompiled(compiled, recipient, imageUrl);
}

export const absolute = (base: string, url: string) =>
  /^https?:\/\//.test(url) ? url : `${base}${url.startsWith('/') ? '' : '/'}${url}`;
