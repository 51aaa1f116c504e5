'use client';

import { useEffect, useRef, useState } from 'react';
import { errorMessage, uploadWithProgress } from '../../../api/api-client';
import styles from './image-uploader.module.css';
import { storageRoutes } from '../../../../server/storage/storage-schemas';

export interface UploadedImage {
  key: string;
  url: string;
}

const ACCEPTED = ['image/png', 'image/jpeg', 'image/webp'];
const MAX_BYTES = 5 * 1024 * 1024;

interface Pending {
  id: number;
  previewUrl: string;
  progress: number;
}

/**
 * Uploads images to the brand's upload endpoint as soon as they are picked, with a local preview and
 * progress, and reports the stored keys. Errors go to `onError` so the form shows them beside the field.
 */
export function ImageUploader({
  brandId,
  images,
  onChange,
  onError,
  max = 8,
  disabled = false,
  inputId,
  describedBy,
  label = 'Add image',
  onBusyChange,
}: {
  /** The brand whose uploads route takes the images. */
  brandId: string;
  images: UploadedImage[];
  onChange: (images: UploadedImage[]) => void;
  onError: (message: string | null) => void;
  max?: number;
  disabled?: boolean;
  inputId?: string;
  describedBy?: string;
  label?: string;
  onBusyChange?: (busy: boolean) => void;
}) {
  const [pending, setPending] = useState<Pending[]>([]);
  const latest = useRef(images);
  latest.current = images;
  const counter = useRef(0);
  const busy = pending.length > 0;

  useEffect(() => onBusyChange?.(busy), [busy, onBusyChange]);

  async function uploadOne(file: File) {
    const id = ++counter.current;
    const previewUrl = URL.createObjectURL(file);
    setPending((list) => [...list, { id, previewUrl, progress: 0 }]);
    const form = new FormData();
    form.append('file', file);
    try {
      const uploaded = await uploadWithProgress(storageRoutes.upload, { params: { brandId } }, form, (progress) =>
        setPending((list) => list.map((entry) => (entry.id === id ? { ...entry, progress } : entry))),
      );
      latest.current = [...latest.current, { key: uploaded.key, url: uploaded.url }];
      onChange(latest.current);
    } catch (error) {
      onError(`${file.name}: ${errorMessage(error)}`);
    } finally {
      URL.revokeObjectURL(previewUrl);
      setPending((list) => list.filter((entry) => entry.id !== id));
    }
  }

  function handleFiles(event: React.ChangeEvent<HTMLInputElement>) {
    const files = Array.from(event.target.files ?? []);
    event.target.value = '';
    const room = max - images.length - pending.length;
    for (const file of files) {
      if (!ACCEPTED.includes(file.type)) return onError(`${file.name}: use a PNG, JPEG or WebP image.`);
      if (file.size > MAX_BYTES) return onError(`${file.name}: images must be 5 MB or smaller.`);
    }
    if (files.length > room) return onError(`You can add ${Math.max(room, 0)} more image(s) (at most ${max}).`);
    onError(null);
    files.forEach((file) => void uploadOne(file));
  }

  const full = images.length + pending.length >= max;

  return (
    <div className={styles.grid} data-testid="image-uploader">
      {images.map((image, index) => (
        <div className={styles.tile} key={image.key}>
          <img src={image.url} alt={`Upload ${index + 1}`} data-testid="uploaded-image" />
          {!disabled ? (
            <button
              type="button"
              className={styles.remove}
              aria-label={`Remove image ${index + 1}`}
              onClick={() => onChange(images.filter((entry) => entry.key !== image.key))}
            >
              ×
            </button>
          ) : null}
        </div>
      ))}
      {pending.map((entry) => (
        <div className={styles.tile} key={entry.id} aria-busy="true">
          <img src={entry.previewUrl} alt="Uploading" style={{ opacity: 0.6 }} />
          <div
            className={styles.progress}
            role="progressbar"
            aria-label="Upload progress"
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={Math.round(entry.progress * 100)}
          >
            <div className={styles.progressBar} style={{ width: `${Math.round(entry.progress * 100)}%` }} />
          </div>
        </div>
      ))}
      {!disabled && !full ? (
        <label className={styles.add}>
          <span className={styles.plus} aria-hidden="true">
            +
          </span>
          {label}
          <input
            id={inputId}
            aria-describedby={describedBy}
            className="visually-hidden"
            type="file"
            accept={ACCEPTED.join(',')}
            multiple={max > 1}
            onChange={handleFiles}
            data-testid="image-input"
          />
        </label>
      ) : null}
    </div>
  );
}
