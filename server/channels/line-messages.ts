import { formatMoney } from '../money/money-format';
import type { RenderedBalloon } from '../announcements/announcement-schemas';

export type LineMessage = Record<string, unknown> & { type: string };

const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** Balloons become LINE message objects; `link(index, url)` decides whether a link is tracked per follower. */
export function toLineMessages(balloons: RenderedBalloon[], link: (index: number, url: string) => string): LineMessage[] {
  return balloons.map((balloon, index): LineMessage => {
    switch (balloon.type) {
      case 'text':
        return { type: 'text', text: clip(balloon.text, 5000) };
      case 'image':
        return { type: 'image', originalContentUrl: balloon.url, previewImageUrl: balloon.url };
      case 'video':
        return { type: 'video', originalContentUrl: balloon.url, previewImageUrl: balloon.posterUrl ?? balloon.url };
      case 'product':
        return {
          type: 'template',
          altText: clip(balloon.title, 400),
          template: {
            type: 'buttons',
            ...(balloon.imageUrl ? { thumbnailImageUrl: balloon.imageUrl } : {}),
            title: clip(balloon.title, 40),
            text: formatMoney(balloon.priceMinor, balloon.currency),
            actions: [{ type: 'uri', label: clip(balloon.label, 20), uri: link(index, balloon.url) }],
          },
        };
      case 'button':
        return {
          type: 'template',
          altText: clip(balloon.label, 400),
          template: { type: 'buttons', text: clip(balloon.label, 160), actions: [{ type: 'uri', label: clip(balloon.label, 20), uri: link(index, balloon.url) }] },
        };
    }
  });
}
