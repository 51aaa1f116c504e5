// Wire shapes of the inbox API (server/announcements/inbox-service.ts). Rendered balloons come from the server's
// announcement schemas, so the types are shared rather than copied.
import type { RenderedBalloon, RenderedMessage } from '../../../server/announcements/announcement-schemas';

export type { RenderedBalloon, RenderedMessage };

export interface InboxItem {
  id: string;
  message: RenderedMessage;
  sentAt: string;
  read: boolean;
  showId: string | null;
  brandName: string;
}

export interface InboxPage {
  items: InboxItem[];
  nextCursor: string | null;
}
