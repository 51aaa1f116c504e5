'use client';

// The brand's automation: keyword rules with their statistics, the welcome message, business hours with the away
// message, and the bot/person switch. Admins only (the API answers 403 to other roles).
import { useState } from 'react';
import {
  type AutomationStats,
  automationRoutes,
  type RuleView,
} from '../../../../../server/automation/automation-schemas';
import { productRoutes } from '../../../../../server/catalog/product-schemas';
import { call, errorMessage } from '../../../../api/api-client';
import { useApiQuery } from '../../../../api/queries';
import { useBrand } from '../../../../components/console/brand-context';
import { EmptyState, ErrorState, LoadingState } from '../../../../components/feedback/feedback';
import styles from './automation.module.css';
import { RuleForm } from './rule-form';
import { SettingsForm } from './settings-form';

function Stats({ stats, days, setDays }: { stats: AutomationStats; days: number; setDays: (days: number) => void }) {
  return (
    <section className={`card ${styles.panel}`} data-testid="automation-stats">
      <div className={styles.panelHead}>
        <h2>Keyword statistics</h2>
        <select
          className="select"
          aria-label="Period"
          value={days}
          onChange={(event) => setDays(Number(event.target.value))}
          style={{ width: 'auto' }}
        >
          <option value={7}>Last 7 days</option>
          <option value={30}>Last 30 days</option>
          <option value={90}>Last 90 days</option>
        </select>
      </div>
      <div className={styles.totals}>
        <div>
          <strong>{stats.totals.hits}</strong>
          <span>auto-replies</span>
        </div>
        <div>
          <strong>{stats.totals.ordersWithin24h}</strong>
          <span>orders within 24 h of a reply</span>
        </div>
        <div>
          <strong>{stats.totals.unmatched}</strong>
          <span>questions no rule answered</span>
        </div>
      </div>
      <div className={styles.columns}>
        <div>
          <h3>Hits per rule and keyword</h3>
          {stats.rules.length === 0 ? (
            <p className="muted">No rules yet.</p>
          ) : (
            <table className={styles.table}>
              <thead>
                <tr>
                  <th scope="col">Rule</th>
                  <th scope="col">Hits</th>
                  <th scope="col">Orders ≤24 h</th>
                </tr>
              </thead>
              <tbody>
                {stats.rules.map((rule) => (
                  <tr key={rule.ruleId}>
                    <td>
                      <strong>{rule.name}</strong>
                      {rule.keywords.length ? (
                        <div className={styles.keywordHits}>
                          {rule.keywords.map((entry) => `${entry.keyword} ${entry.hits}`).join(' · ')}
                        </div>
                      ) : null}
                    </td>
                    <td>{rule.hits}</td>
                    <td>{rule.ordersWithin24h}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
        <div>
          <h3>Most asked without an answer</h3>
          {stats.unmatched.length === 0 ? (
            <p className="muted">Nothing yet: every question found a rule.</p>
          ) : (
            <ol className={styles.unmatched} data-testid="unmatched-questions">
              {stats.unmatched.map((entry) => (
                <li key={entry.text}>
                  <span className={styles.question}>{entry.sample}</span>
                  <span className="badge">{entry.count}×</span>
                </li>
              ))}
            </ol>
          )}
        </div>
      </div>
    </section>
  );
}

export function AutomationPage() {
  const { brandId, canEdit } = useBrand();
  const [days, setDays] = useState(30);
  const data = useApiQuery(automationRoutes.get, canEdit ? { params: { brandId } } : null);
  const stats = useApiQuery(automationRoutes.stats, canEdit ? { params: { brandId }, query: { days } } : null);
  const products = useApiQuery(productRoutes.list, canEdit ? { params: { brandId }, query: { limit: 100 } } : null);
  const [editing, setEditing] = useState<RuleView | 'new' | null>(null);
  const [message, setMessage] = useState<string | null>(null);

  if (!canEdit)
    return (
      <EmptyState title="Automation is for the brand’s admins">
        Ask an admin to change auto-replies, the welcome message or business hours.
      </EmptyState>
    );
  if (data.error && !data.data) return <ErrorState message={errorMessage(data.error)} onRetry={data.reload} />;
  if (!data.data) return <LoadingState label="Loading automation…" />;
  const productOptions = (products.data?.items ?? [])
    .filter((product) => !product.archivedAt)
    .map((product) => ({ id: product.id, title: product.title }));
  const { settings, rules } = data.data;

  async function remove(rule: RuleView) {
    if (!window.confirm(`Delete the rule “${rule.name}”?`)) return;
    try {
      await call(automationRoutes.deleteRule, { params: { brandId, ruleId: rule.id } });
      await Promise.all([data.reload(), stats.reload()]);
    } catch (caught) {
      setMessage(errorMessage(caught));
    }
  }

  return (
    <div className={styles.stack} data-testid="automation-page">
      <header className="page-header">
        <h1>Automation</h1>
      </header>
      {stats.data ? (
        <Stats stats={stats.data} days={days} setDays={setDays} />
      ) : (
        <LoadingState label="Loading statistics…" />
      )}

      <section className={`card ${styles.panel}`} data-testid="automation-rules">
        <div className={styles.panelHead}>
          <h2>Keyword auto-replies</h2>
          {editing === null ? (
            <button
              type="button"
              className="button button-primary button-small"
              onClick={() => setEditing('new')}
              data-testid="rule-new"
            >
              New rule
            </button>
          ) : null}
        </div>
        {message ? <p className={styles.error}>{message}</p> : null}
        {editing !== null ? (
          <RuleForm
            key={editing === 'new' ? 'new' : editing.id}
            rule={editing === 'new' ? null : editing}
            products={productOptions}
            timeZone={settings.timeZone}
            onCancel={() => setEditing(null)}
            onSaved={() => {
              setEditing(null);
              void Promise.all([data.reload(), stats.reload()]);
            }}
          />
        ) : null}
        {rules.length === 0 ? (
          <p className="muted">
            No rules yet. A rule answers a customer at once when her message matches one of its keywords.
          </p>
        ) : (
          <ul className={styles.rules}>
            {rules.map((rule) => (
              <li key={rule.id} className={styles.rule} data-testid="rule-row">
                <div className={styles.ruleMain}>
                  <p className={styles.ruleName}>
                    {rule.name} {rule.enabled ? null : <span className="badge">Off</span>}{' '}
                    <span className="badge">{rule.match === 'EXACT' ? 'Exact' : 'Contains'}</span>{' '}
                    <span className="muted">priority {rule.priority}</span>
                  </p>
                  <p className={styles.keywords}>{rule.keywords.join(' · ')}</p>
                  <p className="muted">
                    {rule.balloons.length} balloon{rule.balloons.length === 1 ? '' : 's'}
                    {rule.dailyFrom && rule.dailyUntil ? ` · daily ${rule.dailyFrom}–${rule.dailyUntil}` : ''}
                    {rule.activeFrom || rule.activeUntil
                      ? ` · ${rule.activeFrom?.replace('T', ' ') ?? '…'} → ${rule.activeUntil?.replace('T', ' ') ?? '…'}`
                      : ''}
                    {rule.dailyFrom || rule.activeFrom || rule.activeUntil ? ` (${rule.timeZone})` : ''}
                  </p>
                </div>
                <div className="row">
                  <button type="button" className="button button-small" onClick={() => setEditing(rule)}>
                    Edit
                  </button>
                  <button type="button" className="button button-small button-danger" onClick={() => void remove(rule)}>
                    Delete
                  </button>
                </div>
              </li>
            ))}
          </ul>
        )}
      </section>

      <SettingsForm
        key={JSON.stringify(settings)}
        settings={settings}
        products={productOptions}
        onSaved={() => void data.reload()}
      />
    </div>
  );
}
