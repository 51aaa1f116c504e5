'use client';

import { useCallback, useEffect, useState } from 'react';
import { call, errorMessage } from '../../../../api/api-client';
import { useApiQuery } from '../../../../api/queries';
import { useBrand } from '../../../../components/console/brand-context';
import type { Follower } from './audience-types';
import styles from './audience.module.css';
import { CsvImportPanel } from './csv-import-panel';
import { audienceRoutes } from '@server/audience/audience-schemas';

/** The brand's audience: search, filter by tag, tag in bulk, notes, and the CSV import. */
export function AudiencePage() {
  const { brandId, canEdit } = useBrand();
  const [q, setQ] = useState('');
  const [tagId, setTagId] = useState('');
  const [items, setItems] = useState<Follower[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [bulkTag, setBulkTag] = useState('');
  const [newTag, setNewTag] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const tags = useApiQuery(audienceRoutes.tags, { params: { brandId } });

  const load = useCallback(
    async (after?: string) => {
      try {
        const page = await call(audienceRoutes.followers, {
          params: { brandId },
          query: { q, tagId: tagId || undefined, cursor: after, limit: 50 },
        });
        setItems((current) => (after ? [...current, ...page.items] : page.items));
        setCursor(page.nextCursor);
      } catch (caught) {
        setMessage(errorMessage(caught));
      }
    },
    [brandId, q, tagId],
  );

  useEffect(() => {
    const timer = setTimeout(() => void load(), 250);
    return () => clearTimeout(timer);
  }, [load]);

  async function applyBulk(action: 'add' | 'remove') {
    if (!bulkTag || selected.size === 0) return;
    try {
      const { changed } = await call(audienceRoutes.bulkTag, {
        params: { brandId },
        body: { followerIds: [...selected], tagIds: [bulkTag], action },
      });
      setMessage(`${changed} follower${changed === 1 ? '' : 's'} ${action === 'add' ? 'tagged' : 'untagged'}.`);
      setSelected(new Set());
      await Promise.all([load(), tags.reload()]);
    } catch (caught) {
      setMessage(errorMessage(caught));
    }
  }

  async function createTag() {
    if (!newTag.trim()) return;
    try {
      await call(audienceRoutes.createTag, { params: { brandId }, body: { name: newTag } });
      setNewTag('');
      await tags.reload();
    } catch (caught) {
      setMessage(errorMessage(caught));
    }
  }

  async function saveNote(follower: Follower, note: string) {
    if (note === follower.note) return;
    try {
      const updated = await call(audienceRoutes.note, { params: { brandId, followerId: follower.id }, body: { note } });
      setItems((current) => current.map((entry) => (entry.id === updated.id ? updated : entry)));
    } catch (caught) {
      setMessage(errorMessage(caught));
    }
  }

  const toggle = (id: string) =>
    setSelected((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  return (
    <div className="stack">
      <div className="page-header">
        <h1>Audience</h1>
      </div>
      <div className={styles.toolbar}>
        <input
          className="input"
          type="search"
          placeholder="Search name, email, phone, customer id"
          value={q}
          onChange={(event) => setQ(event.target.value)}
          aria-label="Search followers"
          data-testid="audience-search"
        />
        <select
          className="select"
          value={tagId}
          onChange={(event) => setTagId(event.target.value)}
          aria-label="Filter by tag"
        >
          <option value="">All tags</option>
          {tags.data?.items.map((tag) => (
            <option key={tag.id} value={tag.id}>
              {tag.name} ({tag.followers}){tag.kind === 'INTEREST' ? ' · interest' : ''}
            </option>
          ))}
        </select>
      </div>
      {canEdit ? (
        <div className={styles.toolbar}>
          <select
            className="select"
            value={bulkTag}
            onChange={(event) => setBulkTag(event.target.value)}
            aria-label="Tag for the selected followers"
          >
            <option value="">Tag…</option>
            {tags.data?.items.map((tag) => (
              <option key={tag.id} value={tag.id}>
                {tag.name}
              </option>
            ))}
          </select>
          <button
            type="button"
            className="button button-small"
            disabled={!bulkTag || selected.size === 0}
            onClick={() => void applyBulk('add')}
          >
            Add to {selected.size} selected
          </button>
          <button
            type="button"
            className="button button-small"
            disabled={!bulkTag || selected.size === 0}
            onClick={() => void applyBulk('remove')}
          >
            Remove
          </button>
          <input
            className="input"
            placeholder="New tag"
            value={newTag}
            onChange={(event) => setNewTag(event.target.value)}
            aria-label="New tag name"
          />
          <button type="button" className="button button-small" onClick={() => void createTag()}>
            Create tag
          </button>
        </div>
      ) : null}
      {message ? (
        <p className="muted" role="status">
          {message}
        </p>
      ) : null}
      <ul className={styles.list} data-testid="followers">
        {items.map((follower) => (
          <li key={follower.id} className={styles.row}>
            <input
              type="checkbox"
              checked={selected.has(follower.id)}
              onChange={() => toggle(follower.id)}
              aria-label={`Select ${follower.name || follower.email || follower.id}`}
              disabled={!canEdit}
            />
            <div className={styles.who}>
              <strong>{follower.name || '(no name)'}</strong>
              <span className="muted">
                {[follower.email, follower.phone, follower.externalId && `#${follower.externalId}`]
                  .filter(Boolean)
                  .join(' · ')}
              </span>
              <div className={styles.chips}>
                {follower.hasAccount ? <span className={styles.chip}>account</span> : null}
                {follower.tags.map((tag) => (
                  <span key={tag.id} className={`${styles.chip} ${tag.kind === 'INTEREST' ? styles.interest : ''}`}>
                    {tag.name}
                  </span>
                ))}
                {follower.optOut.email ? <span className={styles.chip}>no email</span> : null}
                {follower.optOut.push ? <span className={styles.chip}>no push</span> : null}
              </div>
              {canEdit ? (
                <textarea
                  className="textarea"
                  rows={1}
                  defaultValue={follower.note}
                  placeholder="Note"
                  aria-label={`Note about ${follower.name}`}
                  onBlur={(event) => void saveNote(follower, event.target.value)}
                />
              ) : follower.note ? (
                <span>{follower.note}</span>
              ) : null}
            </div>
          </li>
        ))}
      </ul>
      {items.length === 0 ? <p className="muted">No followers match.</p> : null}
      {cursor ? (
        <button type="button" className="button" onClick={() => void load(cursor)}>
          Load more
        </button>
      ) : null}
      {canEdit ? <CsvImportPanel brandId={brandId} onDone={() => void Promise.all([load(), tags.reload()])} /> : null}
    </div>
  );
}
