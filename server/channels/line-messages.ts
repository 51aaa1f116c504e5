import { formatMoney } from '../money/money-format';
import type { RenderedBalloon } from '../announcements/announcement-schemas';

export type LineMessage = Record<string, unknown> & { type: string };

// LINE's documented rules that its OpenAPI file does not encode (Messaging API reference, message objects):
// media URLs are https; images (and every preview image) are JPEG or PNG; a video's preview is an image; text
// lengths count UTF-16 units.

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * At most `max` UTF-16 units, "…" included, cut between user-perceived characters: never half a surrogate pair
 * (an emoji), never a base letter without its combining marks (Thai vowels and tone marks), never half a ZWJ
 * sequence or flag.
 */
export function clipText(text: string, max: number): string {
  if (text.length <= max) return text;
  let kept = '';
  for (const { segment } of graphemes.segment(text)) {
    if (kept.length + segment.length > max - 1) break;
    kept += segment;
  }
  return `${kept}…`;
}

/** https, not http: LINE's apps fetch media themselves and refuse anything else. */
export const isHttpsUrl = (url: string): boolean => {
  try {
    return new URL(url).protocol === 'https:';
  } catch {
    return false;
  }
};

/** JPEG or PNG by the file name: what storage keys end with (WebP uploads are converted to one of them). */
export const isLineImageUrl = (url: string): boolean =>
  isHttpsUrl(url) && /\.(jpe?g|png)$/i.test(new URL(url).pathname);

/**
 * Balloons become LINE message objects; `link(index, url)` decides whether a link is tracked per follower. A
 * balloon LINE would refuse (an http or WebP image) is left out rather than failing the whole request; a video
 * without a JPEG/PNG poster goes as its link in a text message (LINE previews it) instead of a video message
 * whose preview would be the .mp4 itself.
 */
export function toLineMessages(
  balloons: RenderedBalloon[],
  link: (index: number, url: string) => string,
): LineMessage[] {
  return balloons.flatMap((balloon, index): LineMessage[] => {
    switch (balloon.type) {
      case 'text':
        return [{ type: 'text', text: clipText(balloon.text, 5000) }];
      case 'image':
        return isLineImageUrl(balloon.url)
          ? [{ type: 'image', originalContentUrl: balloon.url, previewImageUrl: balloon.url }]
          : [];
      case 'video':
        if (!isHttpsUrl(balloon.url)) return [];
        if (balloon.posterUrl && isLineImageUrl(balloon.posterUrl))
          return [{ type: 'video', originalContentUrl: balloon.url, previewImageUrl: balloon.posterUrl }];
        return [{ type: 'text', text: clipText(balloon.url, 5000) }];
      case 'product': {
        const thumbnail =
          balloon.imageUrl && isLineImageUrl(balloon.imageUrl) ? { thumbnailImageUrl: balloon.imageUrl } : {};
        return [
          {
            type: 'template',
            altText: clipText(balloon.title, 400),
            template: {
              type: 'buttons',
              ...thumbnail,
              title: clipText(balloon.title, 40),
              text: clipText(formatMoney(balloon.priceMinor, balloon.currency), 60),
              actions: [{ type: 'uri', label: clipText(balloon.label, 20), uri: link(index, balloon.url) }],
            },
          },
        ];
      }
      case 'button':
        return [
          {
            type: 'template',
            altText: clipText(balloon.label, 400),
            template: {
              type: 'buttons',
              text: clipText(balloon.label, 160),
              actions: [{ type: 'uri', label: clipText(balloon.label, 20), uri: link(index, balloon.url) }],
            },
          },
        ];
    }
  });
}
