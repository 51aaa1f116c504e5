'use client';

import { errorMessage, uploadWithProgress } from '../../../../../../api/api-client';
import type { Balloon } from '../../../../../../../server/announcements/announcement-schemas';
import styles from '../../../audience/audience.module.css';
import { storageRoutes } from '@server/storage/storage-schemas';

export type BalloonDraft = Balloon;

export const emptyBalloon = (type: Balloon['type']): BalloonDraft => {
  switch (type) {
    case 'text':
      return { type, text: 'Hi {{first_name | default: "there"}}! {{show_title}} starts {{show_start}}.' };
    case 'image':
      return { type, imageKey: '', alt: '' };
    case 'video':
      return { type, url: '' };
    case 'product':
      return { type, productId: '', label: 'Buy now' };
    case 'button':
      return { type, label: 'Set a reminder', url: '' };
  }
};

/** One balloon of a step: a text, an image (optionally with the follower's name drawn on it), a video, a product card or a button. */
export function BalloonEditor({
  balloon,
  onChange,
  onRemove,
  products,
  brandId,
  onError,
}: {
  balloon: BalloonDraft;
  onChange: (balloon: BalloonDraft) => void;
  onRemove: () => void;
  products: { id: string; title: string }[];
  brandId: string;
  onError: (message: string) => void;
}) {
  async function upload(file: File) {
    const form = new FormData();
    form.append('file', file);
    try {
      const { key } = await uploadWithProgress(storageRoutes.upload, { params: { brandId } }, form, () => {});
      if (balloon.type === 'image') onChange({ ...balloon, imageKey: key });
    } catch (caught) {
      onError(errorMessage(caught));
    }
  }

  return (
    <fieldset className="card stack">
      <div className="row" style={{ justifyContent: 'space-between' }}>
        <select
          className="select"
          value={balloon.type}
          onChange={(event) => onChange(emptyBalloon(event.target.value as Balloon['type']))}
          aria-label="Balloon type"
        >
          <option value="text">Text</option>
          <option value="image">Image</option>
          <option value="video">Video</option>
          <option value="product">Product card</option>
          <option value="button">Button / link</option>
        </select>
        <button type="button" className="button button-small" onClick={onRemove}>
          Remove
        </button>
      </div>
      {balloon.type === 'text' ? (
        <textarea
          className="textarea"
          rows={3}
          value={balloon.text}
          onChange={(event) => onChange({ ...balloon, text: event.target.value })}
          aria-label="Text"
        />
      ) : null}
      {balloon.type === 'image' ? (
        <>
          <input
            type="file"
            accept="image/png,image/jpeg,image/webp"
            className="input"
            onChange={(event) => event.target.files?.[0] && void upload(event.target.files[0])}
            aria-label="Image"
          />
          {balloon.imageKey ? <span className="muted">Uploaded.</span> : null}
          <input
            className="input"
            placeholder="Alt text"
            value={balloon.alt}
            onChange={(event) => onChange({ ...balloon, alt: event.target.value })}
            aria-label="Alt text"
          />
          <label className="checkbox">
            <input
              type="checkbox"
              checked={Boolean(balloon.overlay)}
              onChange={(event) =>
                onChange({
                  ...balloon,
                  overlay: event.target.checked
                    ? { text: 'For {{first_name | default: "you"}}', x: 0.5, y: 0.85, fontSize: 48, color: '#ffffff' }
                    : undefined,
                })
              }
            />
            Write the follower&apos;s name on the image
          </label>
          {balloon.overlay ? (
            <input
              className="input"
              value={balloon.overlay.text}
              onChange={(event) => onChange({ ...balloon, overlay: { ...balloon.overlay!, text: event.target.value } })}
              aria-label="Text on the image"
            />
          ) : null}
        </>
      ) : null}
      {balloon.type === 'video' ? (
        <input
          className="input"
          type="url"
          placeholder="https://…/video.mp4"
          value={balloon.url}
          onChange={(event) => onChange({ ...balloon, url: event.target.value })}
          aria-label="Video URL"
        />
      ) : null}
      {balloon.type === 'product' ? (
        <div className={styles.toolbar}>
          <select
            className="select"
            value={balloon.productId}
            onChange={(event) => onChange({ ...balloon, productId: event.target.value })}
            aria-label="Product"
          >
            <option value="">Choose a product…</option>
            {products.map((product) => (
              <option key={product.id} value={product.id}>
                {product.title}
              </option>
            ))}
          </select>
          <input
            className="input"
            value={balloon.label}
            onChange={(event) => onChange({ ...balloon, label: event.target.value })}
            aria-label="Buy button label"
          />
        </div>
      ) : null}
      {balloon.type === 'button' ? (
        <div className={styles.toolbar}>
          <input
            className="input"
            value={balloon.label}
            onChange={(event) => onChange({ ...balloon, label: event.target.value })}
            aria-label="Button label"
          />
          <input
            className="input"
            type="url"
            placeholder="https://…"
            value={balloon.url}
            onChange={(event) => onChange({ ...balloon, url: event.target.value })}
            aria-label="Button link"
          />
        </div>
      ) : null}
    </fieldset>
  );
}
