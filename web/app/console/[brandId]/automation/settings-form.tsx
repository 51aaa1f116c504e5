'use client';

// Welcome on follow, business hours with the away message, and when the bot hands over to a person and back.
import { useState } from 'react';
import {
  automationRoutes,
  type SettingsInput,
  type SettingsView,
} from '../../../../../server/automation/automation-schemas';
import { ApiError, call, errorMessage } from '../../../../api/api-client';
import { useBrand } from '../../../../components/console/brand-context';
import { Alert } from '../../../../components/feedback/feedback';
import { Field } from '../../../../components/forms/field';
import styles from './automation.module.css';
import { BalloonsEditor, type ProductOption } from './balloons-editor';

const days = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

export function SettingsForm({
  settings,
  products,
  onSaved,
}: {
  settings: SettingsView;
  products: ProductOption[];
  onSaved: (settings: SettingsView) => void;
}) {
  const { brandId } = useBrand();
  const [draft, setDraft] = useState<SettingsInput>(() => {
    const { brandId: _brand, ...rest } = settings;
    return rest;
  });
  const [keywords, setKeywords] = useState(settings.humanKeywords.join(', '));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<{ tone: 'error' | 'success'; text: string } | null>(null);
  const update = (patch: Partial<SettingsInput>) => setDraft((current) => ({ ...current, ...patch }));
  const spanFor = (day: number) => draft.hours.find((span) => span.day === day);
  const setDay = (day: number, span: { from: string; until: string } | null) =>
    update({
      hours: [...draft.hours.filter((entry) => entry.day !== day), ...(span ? [{ day, ...span }] : [])].sort(
        (a, b) => a.day - b.day,
      ),
    });

  async function save(event: React.FormEvent) {
    event.preventDefault();
    setErrors({});
    setMessage(null);
    try {
      const humanKeywords = keywords
        .split(/[\n,、，]/)
        .map((word) => word.trim())
        .filter(Boolean);
      const saved = await call(automationRoutes.saveSettings, {
        params: { brandId },
        body: { ...draft, humanKeywords },
      });
      onSaved(saved);
      setMessage({ tone: 'success', text: 'Saved.' });
    } catch (caught) {
      if (caught instanceof ApiError) setErrors(caught.fields);
      setMessage({ tone: 'error', text: errorMessage(caught) });
    }
  }

  return (
    <form className={styles.stack} onSubmit={save} data-testid="automation-settings">
      <section className={`card ${styles.panel}`}>
        <h2>Welcome message</h2>
        <p className="muted">Sent when someone follows the brand’s LINE account.</p>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={draft.welcomeEnabled}
            onChange={(event) => update({ welcomeEnabled: event.target.checked })}
            data-testid="welcome-enabled"
          />{' '}
          Send a welcome message
        </label>
        <BalloonsEditor
          value={draft.welcomeBalloons}
          onChange={(welcomeBalloons) => update({ welcomeBalloons })}
          products={products}
          error={errors.welcomeBalloons}
          testId="welcome-balloons"
        />
      </section>

      <section className={`card ${styles.panel}`}>
        <h2>Business hours</h2>
        <Field
          label="Time zone"
          name="timeZone"
          error={errors.timeZone}
          hint="The hours below are read in this zone, whatever the customer’s."
        >
          {(control) => (
            <input
              {...control}
              className="input"
              value={draft.timeZone}
              onChange={(event) => update({ timeZone: event.target.value })}
              placeholder="Asia/Bangkok"
            />
          )}
        </Field>
        <div className={styles.hours}>
          {days.map((label, day) => {
            const span = spanFor(day);
            return (
              <div key={label} className={styles.day}>
                <label className="checkbox">
                  <input
                    type="checkbox"
                    checked={Boolean(span)}
                    onChange={(event) => setDay(day, event.target.checked ? { from: '10:00', until: '19:00' } : null)}
                  />{' '}
                  {label}
                </label>
                {span ? (
                  <span className={styles.times}>
                    <input
                      className="input"
                      type="time"
                      aria-label={`${label} opens`}
                      value={span.from}
                      onChange={(event) => setDay(day, { ...span, from: event.target.value })}
                    />
                    <span aria-hidden="true">–</span>
                    <input
                      className="input"
                      type="time"
                      aria-label={`${label} closes`}
                      value={span.until}
                      onChange={(event) => setDay(day, { ...span, until: event.target.value })}
                    />
                  </span>
                ) : (
                  <span className="muted">Closed</span>
                )}
              </div>
            );
          })}
        </div>
        <p className="muted">No day ticked means always open.</p>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={draft.awayEnabled}
            onChange={(event) => update({ awayEnabled: event.target.checked })}
          />{' '}
          Send an away message outside these hours (once per chat every 6 hours)
        </label>
        <BalloonsEditor
          value={draft.awayBalloons}
          onChange={(awayBalloons) => update({ awayBalloons })}
          products={products}
          error={errors.awayBalloons}
          testId="away-balloons"
        />
      </section>

      <section className={`card ${styles.panel}`}>
        <h2>Bot and person</h2>
        <p className="muted">
          A chat is answered by the rules until someone on the team replies or the customer asks for a person; it
          returns to the rules after the idle time.
        </p>
        <div className="form-grid two-columns">
          <Field
            label="Back to the bot after (minutes without a reply from the team)"
            name="botIdleMinutes"
            error={errors.botIdleMinutes}
          >
            {(control) => (
              <input
                {...control}
                className="input"
                type="number"
                min={1}
                max={10080}
                value={draft.botIdleMinutes}
                onChange={(event) => update({ botIdleMinutes: Number(event.target.value) })}
              />
            )}
          </Field>
          <Field
            label="Words that ask for a person"
            name="humanKeywords"
            error={errors.humanKeywords}
            hint="Comma-separated; any language."
          >
            {(control) => (
              <input
                {...control}
                className="input"
                value={keywords}
                onChange={(event) => setKeywords(event.target.value)}
              />
            )}
          </Field>
        </div>
      </section>
      {message ? <Alert tone={message.tone}>{message.text}</Alert> : null}
      <div className="row">
        <button type="submit" className="button button-primary" data-testid="automation-settings-save">
          Save welcome, hours and bot settings
        </button>
      </div>
    </form>
  );
}
