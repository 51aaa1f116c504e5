// Wire shapes of the audience and segment APIs, derived from the route contracts (server/audience, server/segments).
export type { Follower, Tag } from '../../../../../server/audience/audience-schemas';
export type { Segment, SegmentFilter } from '../../../../../server/segments/segment-schemas';
