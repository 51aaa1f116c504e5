'use client';

import { showCreateSchema, showPatchSchema, showRoutes } from '@server/shows/show-schemas';
import type { ResponseOf } from '@server/http/route-schemas';
import { useState } from 'react';
import { call } from '../../../api/api-client';
import type { Show } from '../../../api/api-types';
import { isoToLocalInput, localInputToIso } from '../../../format/date-time';
import { Alert } from '../../feedback/feedback';
import { Field } from '../../forms/field';
import { useFormErrors } from '../../forms/use-form-errors';
import { useBrand } from '../brand-context';
import { ImageUploader, type UploadedImage } from '../products/image-uploader';
import { HostSelect } from './host-select';
import { useInvalidate } from '../../../api/queries';

export type CreatedShow = ResponseOf<typeof showRoutes.create>;

function defaultStart(): string {
  // The next quarter hour at least 30 minutes ahead.
  const date = new Date(Date.now() + 30 * 60_000);
  date.setMinutes(Math.ceil(date.getMinutes() / 15) * 15, 0, 0);
  return isoToLocalInput(date.toISOString());
}

/** Create (no `show`) or edit/reschedule a show. */
export function ShowForm({
  show,
  onCreated,
  onSaved,
}: {
  show?: Show;
  onCreated?: (created: CreatedShow) => void;
  onSaved?: (show: Show) => void;
}) {
  const { brandId } = useBrand();
  const invalidate = useInvalidate();
  const [title, setTitle] = useState(show?.title ?? '');
  const [description, setDescription] = useState(show?.description ?? '');
  const [start, setStart] = useState(() => (show ? isoToLocalInput(show.scheduledStartAt) : defaultStart()));
  const [hostId, setHostId] = useState(show?.hostId ?? '');
  const [chatRequiresSignIn, setChatRequiresSignIn] = useState(show?.chatRequiresSignIn ?? true);
  const [cover, setCover] = useState<UploadedImage[]>(
    show?.coverImageKey && show.coverUrl ? [{ key: show.coverImageKey, url: show.coverUrl }] : [],
  );
  const [uploading, setUploading] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  const [saved, setSaved] = useState(false);
  const { errors, clear, fromZod, fromServer, fromFields, setField } = useFormErrors();

  async function handleSubmit(event: React.FormEvent) {
    event.preventDefault();
    const body = {
      title,
      description,
      scheduledStartAt: localInputToIso(start) ?? '',
      hostId: hostId || null,
      coverImageKey: cover[0]?.key ?? null,
      chatRequiresSignIn,
    };
    const parsed = (show ? showPatchSchema : showCreateSchema).safeParse(body);
    if (!parsed.success) return fromZod(parsed.error);
    const startChanged = !show || body.scheduledStartAt !== new Date(show.scheduledStartAt).toISOString();
    if (startChanged && new Date(body.scheduledStartAt).getTime() <= Date.now()) {
      return fromFields({ scheduledStartAt: 'choose a time in the future' });
    }
    clear();
    setSubmitting(true);
    setSaved(false);
    try {
      // The schema turns dates into Date objects; the wire format is the ISO string in `body`.
      if (show) {
        const updated = await call(showRoutes.update, { params: { brandId, showId: show.id }, body });
        setSaved(true);
        void invalidate('Shows');
        onSaved?.(updated);
      } else {
        const created = await call(showRoutes.create, { params: { brandId }, body });
        void invalidate('Shows');
        onCreated?.(created);
      }
    } catch (error) {
      fromServer(error);
    } finally {
      setSubmitting(false);
    }
  }

  return (
    <form onSubmit={handleSubmit} noValidate className="card stack" data-testid="show-form">
      <Alert testId="form-error">{errors.form}</Alert>
      {saved ? <Alert tone="success">Show updated.</Alert> : null}
      <div className="form-grid two-columns">
        <Field label="Title" name="title" error={errors.fields.title} className="span-all">
          {(control) => (
            <input
              {...control}
              className="input"
              value={title}
              onChange={(event) => {
                setTitle(event.target.value);
                setField('title', null);
              }}
            />
          )}
        </Field>
        <Field label="Description" name="description" error={errors.fields.description} className="span-all">
          {(control) => (
            <textarea
              {...control}
              className="textarea"
              value={description}
              onChange={(event) => {
                setDescription(event.target.value);
                setField('description', null);
              }}
            />
          )}
        </Field>
        <Field label="Starts at" name="scheduledStartAt" error={errors.fields.scheduledStartAt} hint="Your local time">
          {(control) => (
            <input
              {...control}
              className="input"
              type="datetime-local"
              value={start}
              onChange={(event) => {
                setStart(event.target.value);
                setField('scheduledStartAt', null);
              }}
            />
          )}
        </Field>
        <Field label="Host" name="hostId" error={errors.fields.hostId} hint="Staff with the host role">
          {(control) => (
            <HostSelect
              control={control}
              value={hostId}
              onChange={(value) => {
                setHostId(value);
                setField('hostId', null);
              }}
              current={show?.hostId ? { id: show.hostId, name: show.hostName ?? 'Current host' } : null}
            />
          )}
        </Field>
        <Field label="Cover image" name="coverImageKey" error={errors.fields.coverImageKey} className="span-all">
          {(control) => (
            <div style={{ maxWidth: 200 }}>
              <ImageUploader
                inputId={control.id}
                describedBy={control['aria-describedby']}
                brandId={brandId}
                images={cover}
                onChange={setCover}
                onError={(message) => setField('coverImageKey', message)}
                onBusyChange={setUploading}
                max={1}
                label="Add cover"
              />
            </div>
          )}
        </Field>
        <label className="checkbox span-all">
          <input
            type="checkbox"
            checked={chatRequiresSignIn}
            onChange={(event) => setChatRequiresSignIn(event.target.checked)}
          />
          Viewers must sign in to chat
        </label>
      </div>
      <div className="row">
        <button
          type="submit"
          className="button button-primary"
          disabled={submitting || uploading}
          data-testid="show-submit"
        >
          {uploading ? 'Uploading cover…' : submitting ? 'Saving…' : show ? 'Save changes' : 'Schedule show'}
        </button>
      </div>
    </form>
  );
}
