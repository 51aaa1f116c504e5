'use client';

// Create or change one menu: where it shows (default, a segment at a priority, a tab), an image with areas drawn on it
// or a grid of buttons, and each area's action. The server checks the image (size, bytes) when it is saved.
import { useState } from 'react';
import type { MenuArea, MenuInput, MenuView } from '../../../server/menus/menu-schemas';
import { menuRoutes } from '../../../server/menus/menu-schemas';
import { storageRoutes } from '../../../server/storage/storage-schemas';
import { call, errorMessage, uploadWithProgress } from '../../api/api-client';
import { useInvalidate } from '../../api/queries';
import { Alert } from '../feedback/feedback';
import { AreaActionFields, type Choices } from './area-action-fields';
import { AreaCanvas } from './area-canvas';
import styles from './menus.module.css';

type Draft = Omit<MenuInput, 'priority' | 'height' | 'columns'> & {
  priority: number;
  height: 1686 | 843;
  columns: number;
  imageUrl: string | null;
};

const emptyDraft: Draft = {
  name: '',
  placement: 'DEFAULT',
  kind: 'GRID',
  priority: 0,
  height: 843,
  columns: 3,
  chatBarText: 'Menu',
  imageUrl: null,
  areas: [{ label: 'Next show', action: { type: 'show' } }],
};

export const draftOf = (menu: MenuView): Draft => ({
  name: menu.name,
  placement: menu.placement,
  segmentId: menu.segmentId ?? undefined,
  priority: menu.priority,
  kind: menu.kind,
  imageKey: menu.imageKey ?? undefined,
  imageUrl: menu.imageUrl,
  height: menu.height === 1686 ? 1686 : 843,
  columns: menu.columns,
  chatBarText: menu.chatBarText,
  areas: menu.areas,
});

export function MenuEditor({
  brandId,
  menu,
  segments,
  choices,
  onDone,
}: {
  brandId: string;
  menu: MenuView | null;
  segments: { id: string; name: string }[];
  choices: Choices;
  onDone: () => void;
}) {
  const [draft, setDraft] = useState<Draft>(menu ? draftOf(menu) : emptyDraft);
  const [error, setError] = useState<string | null>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const invalidate = useInvalidate();
  const setArea = (index: number, area: MenuArea) =>
    setDraft({ ...draft, areas: draft.areas.map((old, i) => (i === index ? area : old)) });

  async function upload(file: File) {
    setError(null);
    const form = new FormData();
    form.append('file', file);
    try {
      const uploaded = await uploadWithProgress(storageRoutes.upload, { params: { brandId } }, form, setProgress);
      const image = new Image();
      image.src = uploaded.url;
      await image.decode().catch(() => undefined);
      setDraft({
        ...draft,
        kind: 'IMAGE',
        imageKey: uploaded.key,
        imageUrl: uploaded.url,
        height: image.naturalHeight === 1686 ? 1686 : 843,
        areas: draft.areas.filter((area) => area.bounds),
      });
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setProgress(null);
    }
  }

  async function save(event: React.FormEvent) {
    event.preventDefault();
    setError(null);
    const { imageUrl: _shown, ...body } = draft;
    const input = {
      ...body,
      segmentId: draft.placement === 'SEGMENT' ? draft.segmentId : undefined,
      imageKey: draft.kind === 'IMAGE' ? draft.imageKey : undefined,
      areas: draft.areas.map((area) => (draft.kind === 'GRID' ? { label: area.label, action: area.action } : area)),
    };
    try {
      if (menu) await call(menuRoutes.update, { params: { brandId, menuId: menu.id }, body: input });
      else await call(menuRoutes.create, { params: { brandId }, body: input });
      await invalidate('Menus');
      onDone();
    } catch (caught) {
      setError(errorMessage(caught));
    }
  }

  return (
    <form
      className="card stack"
      style={{ padding: 'var(--space-4)' }}
      onSubmit={(event) => void save(event)}
      data-testid="menu-editor"
    >
      {error ? <Alert tone="error">{error}</Alert> : null}
      <div className="form-grid">
        <label>
          Name
          <input
            className="input"
            value={draft.name}
            required
            maxLength={80}
            onChange={(e) => setDraft({ ...draft, name: e.target.value })}
          />
        </label>
        <label>
          Shown to
          <select
            className="select"
            value={draft.placement}
            onChange={(e) => setDraft({ ...draft, placement: e.target.value as Draft['placement'] })}
          >
            <option value="DEFAULT">Everyone else (default)</option>
            <option value="SEGMENT">A segment</option>
            <option value="TAB">Only as a tab of another menu</option>
          </select>
        </label>
        {draft.placement === 'SEGMENT' ? (
          <>
            <label>
              Segment
              <select
                className="select"
                required
                value={draft.segmentId ?? ''}
                onChange={(e) => setDraft({ ...draft, segmentId: e.target.value || undefined })}
              >
                <option value="">Choose a segment</option>
                {segments.map((segment) => (
                  <option key={segment.id} value={segment.id}>
                    {segment.name}
                  </option>
                ))}
              </select>
            </label>
            <label>
              Priority (lower is tried first)
              <input
                className="input"
                type="number"
                min={0}
                max={1000}
                value={draft.priority}
                onChange={(e) => setDraft({ ...draft, priority: Number(e.target.value) })}
              />
            </label>
          </>
        ) : null}
        <label>
          Chat bar text
          <input
            className="input"
            value={draft.chatBarText}
            required
            maxLength={14}
            onChange={(e) => setDraft({ ...draft, chatBarText: e.target.value })}
          />
        </label>
        <label>
          Kind
          <select
            className="select"
            value={draft.kind}
            onChange={(e) => setDraft({ ...draft, kind: e.target.value === 'IMAGE' ? 'IMAGE' : 'GRID' })}
          >
            <option value="GRID">Button grid</option>
            <option value="IMAGE">Image with areas</option>
          </select>
        </label>
        {draft.kind === 'GRID' ? (
          <label>
            Columns
            <input
              className="input"
              type="number"
              min={1}
              max={4}
              value={draft.columns}
              onChange={(e) => setDraft({ ...draft, columns: Number(e.target.value) })}
            />
          </label>
        ) : (
          <label>
            Image (2500x1686 or 2500x843, JPEG or PNG, at most 1 MB)
            <input
              className="input"
              type="file"
              accept="image/png,image/jpeg"
              data-testid="menu-image-input"
              onChange={(e) => {
                const file = e.target.files?.[0];
                if (file) void upload(file);
              }}
            />
            {progress !== null ? <progress value={progress} /> : null}
          </label>
        )}
      </div>

      {draft.kind === 'IMAGE' && draft.imageUrl ? (
        <>
          <p className="muted">Press and drag on the image to draw a tappable area.</p>
          <AreaCanvas
            imageUrl={draft.imageUrl}
            height={draft.height}
            areas={draft.areas}
            onDraw={(bounds) =>
              draft.areas.length < 20 &&
              setDraft({
                ...draft,
                areas: [...draft.areas, { label: `Area ${draft.areas.length + 1}`, bounds, action: { type: 'chat' } }],
              })
            }
          />
        </>
      ) : null}

      <ol className={`stack ${styles.list}`} data-testid="menu-areas">
        {draft.areas.map((area, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: an area is its place in the menu
          <li key={index} className="row">
            <input
              className="input"
              aria-label="Label"
              value={area.label}
              maxLength={20}
              required
              onChange={(e) => setArea(index, { ...area, label: e.target.value })}
            />
            <AreaActionFields
              action={area.action}
              choices={choices}
              onChange={(action) => setArea(index, { ...area, action })}
            />
            {area.bounds ? (
              <span className="muted">
                {area.bounds.width}×{area.bounds.height} at {area.bounds.x},{area.bounds.y}
              </span>
            ) : null}
            <button
              type="button"
              className="button button-small"
              onClick={() => setDraft({ ...draft, areas: draft.areas.filter((_, i) => i !== index) })}
            >
              Remove
            </button>
          </li>
        ))}
      </ol>
      <div className="row">
        {draft.kind === 'GRID' && draft.areas.length < 20 ? (
          <button
            type="button"
            className="button"
            onClick={() => setDraft({ ...draft, areas: [...draft.areas, { label: 'Chat', action: { type: 'chat' } }] })}
          >
            Add a button
          </button>
        ) : null}
        <button type="submit" className="button button-primary">
          {menu ? 'Save menu' : 'Create menu'}
        </button>
        <button type="button" className="button" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
