// Wire shapes of the audience and segment APIs (server/audience, server/segments); filters use the server's type.
import type { SegmentFilter } from '../../../../../server/segments/segment-schemas';

export type { SegmentFilter };

export interface Tag {
  id: string;
  name: string;
  kind: 'MANUAL' | 'INTEREST';
  followers: number;
}

export interface Follower {
  id: string;
  name: string;
  email: string | null;
  phone: string | null;
  externalId: string | null;
  hasAccount: boolean;
  note: string;
  optOut: { email: boolean; push: boolean; line: boolean };
  createdAt: string;
  tags: { id: string; name: string; kind: Tag['kind'] }[];
}

export interface Segment {
  id: string;
  name: string;
  filter: SegmentFilter;
  createdAt: string;
}
