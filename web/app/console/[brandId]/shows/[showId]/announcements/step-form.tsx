'use client';

import { useRef, useState } from 'react';
import { call, errorMessage } from '../../../../../../api/api-client';
import { BalloonEditor, emptyBalloon, type BalloonDraft } from './balloon-editor';
import { announcementRoutes } from '@server/announcements/announcement-schemas';

const presets = [
  { label: '3 days before', minutes: 3 * 24 * 60 },
  { label: '2 days before', minutes: 2 * 24 * 60 },
  { label: '1 day before', minutes: 24 * 60 },
  { label: '1 hour before', minutes: 60 },
  { label: '15 minutes before', minutes: 15 },
];

/** Adds one countdown step (or the "live now" step) with up to three balloons and an optional segment. */
export function StepForm({
  brandId,
  showId,
  segments,
  products,
  onSaved,
}: {
  brandId: string;
  showId: string;
  segments: { id: string; name: string }[];
  products: { id: string; title: string }[];
  onSaved: () => void;
}) {
  const [when, setWhen] = useState<string>(String(24 * 60));
  const [segmentId, setSegmentId] = useState('');
  // Each draft carries a key of its own so removing one balloon does not hand its editor's state to the next.
  const nextKey = useRef(0);
  const keyed = (balloon: BalloonDraft) => ({ key: nextKey.current++, balloon });
  const [drafts, setDrafts] = useState(() => [keyed(emptyBalloon('text'))]);
  const balloons = drafts.map((draft) => draft.balloon);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  async function save() {
    setSaving(true);
    setError(null);
    try {
      const live = when === 'live';
      await call(announcementRoutes.create, {
        params: { brandId, showId },
        body: {
          trigger: live ? 'LIVE_NOW' : 'BEFORE_START',
          offsetMinutes: live ? 0 : Number(when),
          segmentId: segmentId || null,
          balloons,
        },
      });
      setDrafts([keyed(emptyBalloon('text'))]);
      onSaved();
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setSaving(false);
    }
  }

  return (
    <section className="card stack" aria-labelledby="new-step">
      <h2 id="new-step">Add a step</h2>
      <div className="form-grid">
        <label>
          When
          <select className="select" value={when} onChange={(event) => setWhen(event.target.value)}>
            {presets.map((preset) => (
              <option key={preset.minutes} value={preset.minutes}>
                {preset.label}
              </option>
            ))}
            <option value="live">When the show goes live</option>
          </select>
        </label>
        <label>
          Who
          <select className="select" value={segmentId} onChange={(event) => setSegmentId(event.target.value)}>
            <option value="">All followers</option>
            {segments.map((segment) => (
              <option key={segment.id} value={segment.id}>
                {segment.name}
              </option>
            ))}
          </select>
        </label>
      </div>
      <p className="muted">
        Tokens: {'{{name}}'}, {'{{first_name | default: "there"}}'}, {'{{brand}}'}, {'{{show_title}}'},{' '}
        {'{{show_start}}'}, {'{{show_url}}'}
      </p>
      {drafts.map(({ key, balloon }, index) => (
        <BalloonEditor
          key={key}
          balloon={balloon}
          products={products}
          brandId={brandId}
          onError={setError}
          onChange={(next) =>
            setDrafts((current) => current.map((entry) => (entry.key === key ? { key, balloon: next } : entry)))
          }
          onRemove={() => setDrafts((current) => current.filter((entry) => entry.key !== key))}
        />
      ))}
      <div className="row">
        {balloons.length < 3 ? (
          <button
            type="button"
            className="button button-small"
            onClick={() => setDrafts((current) => [...current, keyed(emptyBalloon('text'))])}
          >
            Add a balloon
          </button>
        ) : null}
        <button
          type="button"
          className="button button-primary"
          disabled={saving || balloons.length === 0}
          onClick={() => void save()}
          data-testid="save-step"
        >
          {saving ? 'Saving…' : 'Save step'}
        </button>
      </div>
      {error ? <p role="alert">{error}</p> : null}
    </section>
  );
}
