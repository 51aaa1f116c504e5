import type { SegmentFilter } from '../audience/audience-types';

/** The console edits filters as three tag groups; they compile to the server's AND / OR / NOT expression. */
export interface TagGroups {
  all: string[];
  any: string[];
  none: string[];
}

export function groupsToFilter(groups: TagGroups): SegmentFilter | null {
  const parts: SegmentFilter[] = [];
  if (groups.all.length) parts.push(...groups.all.map((tag) => ({ tag })));
  if (groups.any.length)
    parts.push(groups.any.length === 1 ? { tag: groups.any[0]! } : { or: groups.any.map((tag) => ({ tag })) });
  if (groups.none.length)
    parts.push({
      not: groups.none.length === 1 ? { tag: groups.none[0]! } : { or: groups.none.map((tag) => ({ tag })) },
    });
  if (parts.length === 0) return null;
  return parts.length === 1 ? parts[0]! : { and: parts };
}

const isTag = (filter: SegmentFilter): filter is { tag: string } => 'tag' in filter;

/** Reads a filter back into groups when it has the builder's shape; null for hand-made expressions. */
export function filterToGroups(filter: SegmentFilter): TagGroups | null {
  const groups: TagGroups = { all: [], any: [], none: [] };
  const parts = 'and' in filter ? filter.and : [filter];
  for (const part of parts) {
    if (isTag(part)) groups.all.push(part.tag);
    else if ('or' in part && part.or.every(isTag) && groups.any.length === 0)
      groups.any.push(...part.or.map((entry) => (entry as { tag: string }).tag));
    else if ('not' in part && isTag(part.not)) groups.none.push(part.not.tag);
    else if ('not' in part && 'or' in part.not && part.not.or.every(isTag))
      groups.none.push(...part.not.or.map((entry) => (entry as { tag: string }).tag));
    else return null;
  }
  return groups;
}

export function describeFilter(filter: SegmentFilter, names: Map<string, string>): string {
  if (isTag(filter)) return names.get(filter.tag) ?? 'unknown tag';
  if ('not' in filter) return `not ${describeFilter(filter.not, names)}`;
  const [children, joiner] = 'and' in filter ? [filter.and, ' and '] : [filter.or, ' or '];
  return `(${children.map((child) => describeFilter(child, names)).join(joiner)})`;
}
