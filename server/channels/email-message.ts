import type { RenderedMessage } from '../announcements/announcement-schemas';
import { formatMoney } from '../money/money-format';
import { showLinkIndex, type TrackingLinks } from './tracking-links';

export const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char] ?? char,
  );

export interface EmailContent {
  subject: string;
  text: string;
  html: string;
}

/** Every rendered value (follower names, brand text) is escaped here: rendered text is plain text, never HTML. */
export function buildEmail(deliveryId: string, message: RenderedMessage, links: TrackingLinks): EmailContent {
  const html: string[] = [];
  const text: string[] = [];
  message.balloons.forEach((balloon, index) => {
    // Every link goes through the click redirect, which records the click and then sends the reader on.
    const href = () => escapeHtml(links.click(deliveryId, index));
    switch (balloon.type) {
      case 'text':
        html.push(`<p style="font-size:16px;line-height:1.5;white-space:pre-wrap">${escapeHtml(balloon.text)}</p>`);
        text.push(balloon.text);
        break;
      case 'image':
        html.push(
          `<p><img src="${escapeHtml(balloon.url)}" alt="${escapeHtml(balloon.alt)}" style="max-width:100%;border-radius:12px"></p>`,
        );
        break;
      case 'video':
        html.push(`<p><a href="${href()}">▶ Watch the video</a></p>`);
        text.push(`Video: ${links.click(deliveryId, index)}`);
        break;
      case 'product':
        html.push(
          `<table role="presentation" style="border:1px solid #ddd;border-radius:12px;padding:12px"><tr>` +
            (balloon.imageUrl ? `<td><img src="${escapeHtml(balloon.imageUrl)}" alt="" width="96"></td>` : '') +
            `<td><strong>${escapeHtml(balloon.title)}</strong><br>${escapeHtml(formatMoney(balloon.priceMinor, balloon.currency))}<br>` +
            `<a href="${href()}">${escapeHtml(balloon.label)}</a></td></tr></table>`,
        );
        text.push(
          `${balloon.title} (${formatMoney(balloon.priceMinor, balloon.currency)}): ${links.click(deliveryId, index)}`,
        );
        break;
      case 'button':
        html.push(
          `<p><a href="${href()}" style="display:inline-block;padding:10px 18px;background:#e0245e;color:#fff;border-radius:20px;text-decoration:none">${escapeHtml(balloon.label)}</a></p>`,
        );
        text.push(`${balloon.label}: ${links.click(deliveryId, index)}`);
        break;
    }
  });
  const showLink = links.click(deliveryId, showLinkIndex);
  const unsubscribe = links.unsubscribe(deliveryId);
  html.push(`<p><a href="${escapeHtml(showLink)}">Open the show</a></p>`);
  html.push(
    `<p style="font-size:12px;color:#777"><a href="${escapeHtml(unsubscribe)}">Unsubscribe from these emails</a></p>`,
  );
  html.push(`<img src="${escapeHtml(links.open(deliveryId))}" width="1" height="1" alt="">`);
  text.push(`Open the show: ${showLink}`, `Unsubscribe: ${unsubscribe}`);
  return {
    subject: message.title,
    text: text.join('\n\n'),
    html: `<!doctype html><html><body style="font-family:sans-serif;max-width:560px;margin:auto">${html.join('\n')}</body></html>`,
  };
}
