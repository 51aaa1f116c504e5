'use client';

import { useEffect, useMemo, useState } from 'react';
import { call, errorMessage } from '../../../../api/api-client';
import { useApiQuery } from '../../../../api/queries';
import { useBrand } from '../../../../components/console/brand-context';
import type { Segment } from '../audience/audience-types';
import styles from '../audience/audience.module.css';
import { describeFilter, filterToGroups, groupsToFilter, type TagGroups } from './segment-builder';
import { segmentRoutes } from '@server/segments/segment-schemas';
import { audienceRoutes } from '@server/audience/audience-schemas';

const emptyGroups: TagGroups = { all: [], any: [], none: [] };
const groupLabels: Record<keyof TagGroups, string> = { all: 'Has all of', any: 'Has any of', none: 'Has none of' };

/** Saved segments and an editor with a live count of who matches. */
export function SegmentsPage() {
  const { brandId, canEdit } = useBrand();
  const tags = useApiQuery(audienceRoutes.tags, { params: { brandId } });
  const segments = useApiQuery(segmentRoutes.list, { params: { brandId } });
  const [editing, setEditing] = useState<Segment | null>(null);
  const [name, setName] = useState('');
  const [groups, setGroups] = useState<TagGroups>(emptyGroups);
  const [count, setCount] = useState<number | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const names = useMemo(() => new Map(tags.data?.items.map((tag) => [tag.id, tag.name])), [tags.data]);
  const filter = useMemo(() => groupsToFilter(groups), [groups]);

  useEffect(() => {
    const timer = setTimeout(() => {
      call(segmentRoutes.count, { params: { brandId }, body: { filter } }).then(
        (body) => setCount(body.count),
        () => setCount(null),
      );
    }, 200);
    return () => clearTimeout(timer);
  }, [brandId, filter]);

  function toggle(group: keyof TagGroups, tagId: string) {
    setGroups((current) => {
      const cleared = Object.fromEntries(
        Object.entries(current).map(([key, ids]) => [key, (ids as string[]).filter((id) => id !== tagId)]),
      ) as unknown as TagGroups;
      return current[group].includes(tagId) ? cleared : { ...cleared, [group]: [...cleared[group], tagId] };
    });
  }

  function edit(segment: Segment | null) {
    setEditing(segment);
    setName(segment?.name ?? '');
    setGroups(segment ? (filterToGroups(segment.filter) ?? emptyGroups) : emptyGroups);
  }

  async function save() {
    if (!filter) return setMessage('Pick at least one tag.');
    try {
      if (editing)
        await call(segmentRoutes.update, { params: { brandId, segmentId: editing.id }, body: { name, filter } });
      else await call(segmentRoutes.create, { params: { brandId }, body: { name, filter } });
      setMessage('Saved.');
      edit(null);
      await segments.reload();
    } catch (caught) {
      setMessage(errorMessage(caught));
    }
  }

  async function remove(segment: Segment) {
    try {
      await call(segmentRoutes.delete, { params: { brandId, segmentId: segment.id } });
      await segments.reload();
    } catch (caught) {
      setMessage(errorMessage(caught));
    }
  }

  return (
    <div className="stack">
      <div className="page-header">
        <h1>Segments</h1>
      </div>
      <ul className={styles.list}>
        {segments.data?.items.map((segment) => (
          <li key={segment.id} className={styles.row} style={{ gridTemplateColumns: '1fr auto' }}>
            <div className={styles.who}>
              <strong>{segment.name}</strong>
              <span className="muted">{describeFilter(segment.filter, names)}</span>
            </div>
            {canEdit ? (
              <div className="row">
                <button type="button" className="button button-small" onClick={() => edit(segment)}>
                  Edit
                </button>
                <button
                  type="button"
                  className="button button-small button-danger"
                  onClick={() => void remove(segment)}
                >
                  Delete
                </button>
              </div>
            ) : null}
          </li>
        ))}
      </ul>
      {segments.data?.items.length === 0 ? <p className="muted">No segments yet.</p> : null}
      {canEdit ? (
        <section className={`card ${styles.section}`} aria-labelledby="segment-editor">
          <h2 id="segment-editor">{editing ? `Edit “${editing.name}”` : 'New segment'}</h2>
          <input
            className="input"
            placeholder="Name, e.g. VIPs who like bags"
            value={name}
            onChange={(event) => setName(event.target.value)}
            aria-label="Segment name"
          />
          {(Object.keys(groupLabels) as (keyof TagGroups)[]).map((group) => (
            <fieldset key={group} className="stack">
              <legend>{groupLabels[group]}</legend>
              <div className={styles.tagPicker}>
                {tags.data?.items.map((tag) => (
                  <button
                    key={tag.id}
                    type="button"
                    className={styles.tagOption}
                    aria-pressed={groups[group].includes(tag.id)}
                    onClick={() => toggle(group, tag.id)}
                  >
                    {tag.name}
                    {tag.kind === 'INTEREST' ? ' ★' : ''}
                  </button>
                ))}
              </div>
            </fieldset>
          ))}
          <p>
            <span className={styles.count} data-testid="segment-count">
              {count ?? '–'}
            </span>{' '}
            <span className="muted">followers match{filter ? '' : ' (everyone)'}</span>
          </p>
          <div className="row">
            <button
              type="button"
              className="button button-primary"
              disabled={!name.trim() || !filter}
              onClick={() => void save()}
            >
              Save segment
            </button>
            {editing ? (
              <button type="button" className="button" onClick={() => edit(null)}>
                Cancel
              </button>
            ) : null}
          </div>
        </section>
      ) : null}
      {message ? (
        <p className="muted" role="status">
          {message}
        </p>
      ) : null}
    </div>
  );
}
