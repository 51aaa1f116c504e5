// Wire shapes of the inbox API, derived from the route contracts (server/announcements/announcement-schemas.ts).
import type { InboxItem, RenderedBalloon, RenderedMessage } from '../../../server/announcements/announcement-schemas';
import type { Page } from '../../../server/http/route-schemas';

export type { InboxItem, RenderedBalloon, RenderedMessage };
export type InboxPage = Page<InboxItem>;
