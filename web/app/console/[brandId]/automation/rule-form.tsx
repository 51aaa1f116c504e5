'use client';

import { useState } from 'react';
import {
  type AutomationBalloon,
  automationRoutes,
  type RuleView,
} from '../../../../../server/automation/automation-schemas';
import { ApiError, call, errorMessage } from '../../../../api/api-client';
import { useBrand } from '../../../../components/console/brand-context';
import { Alert } from '../../../../components/feedback/feedback';
import { Field } from '../../../../components/forms/field';
import styles from './automation.module.css';
import { BalloonsEditor, type ProductOption } from './balloons-editor';

/** One keyword rule, new or edited: keywords one per line or comma-separated (at most 50). */
export function RuleForm({
  rule,
  products,
  timeZone,
  onSaved,
  onCancel,
}: {
  rule: RuleView | null;
  products: ProductOption[];
  timeZone: string;
  onSaved: () => void;
  onCancel: () => void;
}) {
  const { brandId } = useBrand();
  const [name, setName] = useState(rule?.name ?? '');
  const [keywords, setKeywords] = useState(rule?.keywords.join('\n') ?? '');
  const [match, setMatch] = useState<'EXACT' | 'CONTAINS'>(rule?.match ?? 'CONTAINS');
  const [priority, setPriority] = useState(String(rule?.priority ?? 0));
  const [enabled, setEnabled] = useState(rule?.enabled ?? true);
  const [zone, setZone] = useState(rule?.timeZone ?? timeZone);
  const [activeFrom, setActiveFrom] = useState(rule?.activeFrom ?? '');
  const [activeUntil, setActiveUntil] = useState(rule?.activeUntil ?? '');
  const [dailyFrom, setDailyFrom] = useState(rule?.dailyFrom ?? '');
  const [dailyUntil, setDailyUntil] = useState(rule?.dailyUntil ?? '');
  const [balloons, setBalloons] = useState<AutomationBalloon[]>(rule?.balloons ?? [{ type: 'text', text: '' }]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const list = keywords
    .split(/[\n,、，]/)
    .map((word) => word.trim())
    .filter(Boolean);

  async function save(event: React.FormEvent) {
    event.preventDefault();
    setErrors({});
    setMessage(null);
    const body = {
      name,
      keywords: list,
      match,
      priority: Number(priority) || 0,
      enabled,
      timeZone: zone,
      activeFrom: activeFrom || null,
      activeUntil: activeUntil || null,
      dailyFrom: dailyFrom || null,
      dailyUntil: dailyUntil || null,
      balloons,
    };
    try {
      if (rule) await call(automationRoutes.updateRule, { params: { brandId, ruleId: rule.id }, body });
      else await call(automationRoutes.createRule, { params: { brandId }, body });
      onSaved();
    } catch (caught) {
      if (caught instanceof ApiError) setErrors(caught.fields);
      setMessage(errorMessage(caught));
    }
  }

  return (
    <form className={`card ${styles.panel}`} onSubmit={save} data-testid="rule-form">
      <h3>{rule ? `Edit “${rule.name}”` : 'New keyword rule'}</h3>
      <div className="form-grid two-columns">
        <Field label="Name" name="name" error={errors.name}>
          {(control) => (
            <input
              {...control}
              className="input"
              value={name}
              onChange={(event) => setName(event.target.value)}
              maxLength={80}
            />
          )}
        </Field>
        <div className={styles.inline}>
          <Field label="Match" name="match">
            {(control) => (
              <select
                {...control}
                className="select"
                value={match}
                onChange={(event) => setMatch(event.target.value as 'EXACT' | 'CONTAINS')}
              >
                <option value="CONTAINS">Message contains a keyword</option>
                <option value="EXACT">Message is exactly a keyword</option>
              </select>
            )}
          </Field>
          <Field label="Priority" name="priority" error={errors.priority} hint="Higher answers first">
            {(control) => (
              <input
                {...control}
                className="input"
                type="number"
                min={0}
                max={1000}
                value={priority}
                onChange={(event) => setPriority(event.target.value)}
              />
            )}
          </Field>
        </div>
        <Field
          label={`Keywords (${list.length}/50)`}
          name="keywords"
          error={errors.keywords ?? Object.entries(errors).find(([key]) => key.startsWith('keywords.'))?.[1]}
          hint="One per line or separated by commas. Case and full-/half-width forms are ignored."
          className="span-all"
        >
          {(control) => (
            <textarea
              {...control}
              className="textarea"
              rows={3}
              value={keywords}
              onChange={(event) => setKeywords(event.target.value)}
            />
          )}
        </Field>
        <Field label="Active from (optional)" name="activeFrom" error={errors.activeFrom}>
          {(control) => (
            <input
              {...control}
              className="input"
              type="datetime-local"
              value={activeFrom}
              onChange={(event) => setActiveFrom(event.target.value)}
            />
          )}
        </Field>
        <Field label="Active until (optional)" name="activeUntil" error={errors.activeUntil}>
          {(control) => (
            <input
              {...control}
              className="input"
              type="datetime-local"
              value={activeUntil}
              onChange={(event) => setActiveUntil(event.target.value)}
            />
          )}
        </Field>
        <div className={styles.inline}>
          <Field label="Daily from" name="dailyFrom" error={errors.dailyFrom}>
            {(control) => (
              <input
                {...control}
                className="input"
                type="time"
                value={dailyFrom}
                onChange={(event) => setDailyFrom(event.target.value)}
              />
            )}
          </Field>
          <Field label="Daily until" name="dailyUntil" error={errors.dailyUntil}>
            {(control) => (
              <input
                {...control}
                className="input"
                type="time"
                value={dailyUntil}
                onChange={(event) => setDailyUntil(event.target.value)}
              />
            )}
          </Field>
        </div>
        <Field label="Time zone of the window" name="timeZone" error={errors.timeZone}>
          {(control) => (
            <input
              {...control}
              className="input"
              value={zone}
              onChange={(event) => setZone(event.target.value)}
              placeholder="Asia/Tokyo"
            />
          )}
        </Field>
      </div>
      <p className={styles.label}>Answer (up to 5 balloons)</p>
      <BalloonsEditor
        value={balloons}
        onChange={setBalloons}
        products={products}
        error={errors.balloons ?? Object.entries(errors).find(([key]) => key.startsWith('balloons.'))?.[1]}
        testId="rule-balloons"
      />
      <label className="checkbox">
        <input type="checkbox" checked={enabled} onChange={(event) => setEnabled(event.target.checked)} /> Active
      </label>
      {message ? <Alert>{message}</Alert> : null}
      <div className="row">
        <button type="submit" className="button button-primary" data-testid="rule-save">
          {rule ? 'Save rule' : 'Add rule'}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
