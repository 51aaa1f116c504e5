'use client';

// The brand's official account in the console: its public address, about text and cover (the brand home), and the
// LINE official account that feeds the same inbox.
import Link from 'next/link';
import { useEffect, useState } from 'react';
import { type BrandProfileView, brandRoutes } from '../../../../../server/brands/brand-profile-schemas';
import { lineRoutes } from '../../../../../server/line/line-schemas';
import { ApiError, call, errorMessage } from '../../../../api/api-client';
import { useApiQuery } from '../../../../api/queries';
import { useBrand } from '../../../../components/console/brand-context';
import { CopyButton } from '../../../../components/console/copy-button';
import { ImageUploader } from '../../../../components/console/products/image-uploader';
import { Alert, ErrorState, LoadingState } from '../../../../components/feedback/feedback';
import { Field } from '../../../../components/forms/field';
import styles from '../automation/automation.module.css';

function ProfileForm({
  profile,
  onSaved,
}: {
  profile: BrandProfileView;
  onSaved: (profile: BrandProfileView) => void;
}) {
  const { brandId, canEdit } = useBrand();
  const [slug, setSlug] = useState(profile.slug);
  const [about, setAbout] = useState(profile.about);
  const [keywords, setKeywords] = useState(profile.chatOrderKeywords.join(' '));
  const [cover, setCover] = useState(
    profile.coverImageKey && profile.coverUrl ? [{ key: profile.coverImageKey, url: profile.coverUrl }] : [],
  );
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<{ tone: 'error' | 'success'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  async function save(event: React.FormEvent) {
    event.preventDefault();
    setBusy(true);
    setMessage(null);
    setErrors({});
    try {
      const saved = await call(brandRoutes.updateProfile, {
        params: { brandId },
        body: {
          slug,
          about,
          coverImageKey: cover[0]?.key ?? null,
          chatOrderKeywords: keywords.split(/[\s,]+/).filter(Boolean),
        },
      });
      onSaved(saved);
      setMessage({ tone: 'success', text: 'Saved. The brand page shows it now.' });
    } catch (caught) {
      if (caught instanceof ApiError) setErrors(caught.fields);
      setMessage({ tone: 'error', text: errorMessage(caught) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className={`card ${styles.panel}`} onSubmit={save} data-testid="brand-profile-form">
      <div className={styles.panelHead}>
        <h2>Brand page</h2>
        <Link className="button button-small" href={`/brands/${encodeURIComponent(profile.slug)}`} target="_blank">
          Open the page
        </Link>
      </div>
      <div className="form-grid">
        <Field
          label="Address"
          name="slug"
          error={errors.slug}
          hint={`${new URL(profile.publicUrl).origin}/brands/${slug || '…'}`}
        >
          {(control) => (
            <input
              {...control}
              className="input"
              value={slug}
              onChange={(event) => setSlug(event.target.value.toLowerCase())}
              disabled={!canEdit}
              maxLength={40}
            />
          )}
        </Field>
        <Field
          label="About"
          name="about"
          error={errors.about}
          hint="Shown on the page and in link previews (at most 2,000 characters)."
        >
          {(control) => (
            <textarea
              {...control}
              className="textarea"
              value={about}
              onChange={(event) => setAbout(event.target.value)}
              disabled={!canEdit}
              maxLength={2000}
              rows={5}
            />
          )}
        </Field>
        <Field
          label="Chat order keywords"
          name="chatOrderKeywords"
          error={errors.chatOrderKeywords}
          hint='Viewers who type one in a show chat order the pinned product ("SOLD", "+1"; "SOLD 2" for two). Separate with spaces; leave empty to turn it off.'
        >
          {(control) => (
            <input
              {...control}
              className="input"
              value={keywords}
              onChange={(event) => setKeywords(event.target.value)}
              disabled={!canEdit}
              maxLength={120}
              data-testid="chat-order-keywords"
            />
          )}
        </Field>
        <div>
          <p className={styles.label}>Cover</p>
          <ImageUploader
            brandId={brandId}
            images={cover}
            onChange={setCover}
            onError={(text) => setMessage(text ? { tone: 'error', text } : null)}
            max={1}
            disabled={!canEdit}
            label="Upload a cover"
          />
          {errors.coverImageKey ? <p className={styles.error}>{errors.coverImageKey}</p> : null}
        </div>
      </div>
      {message ? <Alert tone={message.tone}>{message.text}</Alert> : null}
      {canEdit ? (
        <div className="row">
          <button type="submit" className="button button-primary" disabled={busy} data-testid="brand-profile-save">
            {busy ? 'Saving…' : 'Save'}
          </button>
        </div>
      ) : null}
    </form>
  );
}

function LineForm() {
  const { brandId, canEdit } = useBrand();
  const account = useApiQuery(lineRoutes.account, canEdit ? { params: { brandId } } : null);
  const [secret, setSecret] = useState('');
  const [token, setToken] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<{ tone: 'error' | 'success'; text: string } | null>(null);
  if (!canEdit) return null;

  async function save(event: React.FormEvent) {
    event.preventDefault();
    setErrors({});
    setMessage(null);
    try {
      account.setData(
        await call(lineRoutes.save, {
          params: { brandId },
          body: { channelSecret: secret.trim(), channelAccessToken: token.trim(), enabled: true },
        }),
      );
      setSecret('');
      setToken('');
      setMessage({ tone: 'success', text: 'LINE is connected. Paste the webhook URL in the LINE Developers console.' });
    } catch (caught) {
      if (caught instanceof ApiError) setErrors(caught.fields);
      setMessage({ tone: 'error', text: errorMessage(caught) });
    }
  }

  return (
    <form className={`card ${styles.panel}`} onSubmit={save} data-testid="line-account-form">
      <div className={styles.panelHead}>
        <h2>LINE official account</h2>
        {account.data ? (
          <span className={`badge ${account.data.configured ? 'badge-success' : ''}`}>
            {account.data.configured ? 'Connected' : 'Not connected'}
          </span>
        ) : null}
      </div>
      <p className="muted">
        Messages, follows and unfollows from LINE arrive in Chats; replies go back to LINE. The secret and token are
        stored and never shown again.
      </p>
      {account.loading && !account.data ? <LoadingState /> : null}
      {account.data ? (
        <div className={styles.webhook}>
          <span className={styles.label}>Webhook URL</span>
          <code className="code">{account.data.webhookUrl}</code>
          <CopyButton text={account.data.webhookUrl} label="Copy" />
        </div>
      ) : null}
      <div className="form-grid two-columns">
        <Field label="Channel secret" name="channelSecret" error={errors.channelSecret}>
          {(control) => (
            <input
              {...control}
              className="input"
              value={secret}
              onChange={(event) => setSecret(event.target.value)}
              autoComplete="off"
              spellCheck={false}
            />
          )}
        </Field>
        <Field label="Channel access token (long-lived)" name="channelAccessToken" error={errors.channelAccessToken}>
          {(control) => (
            <input
              {...control}
              className="input"
              value={token}
              onChange={(event) => setToken(event.target.value)}
              autoComplete="off"
              spellCheck={false}
            />
          )}
        </Field>
      </div>
      {message ? <Alert tone={message.tone}>{message.text}</Alert> : null}
      <div className="row">
        <button type="submit" className="button" disabled={!secret || !token}>
          {account.data?.configured ? 'Replace the LINE keys' : 'Connect LINE'}
        </button>
      </div>
    </form>
  );
}

export function BrandPageSettings() {
  const { brandId } = useBrand();
  const profile = useApiQuery(brandRoutes.profile, { params: { brandId } });
  const [current, setCurrent] = useState<BrandProfileView | null>(null);
  useEffect(() => {
    if (profile.data) setCurrent(profile.data);
  }, [profile.data]);
  if (profile.error && !profile.data)
    return <ErrorState message={errorMessage(profile.error)} onRetry={profile.reload} />;
  if (!current) return <LoadingState label="Loading the brand page…" />;
  return (
    <div className={styles.stack}>
      <ProfileForm key={current.slug + current.coverImageKey} profile={current} onSaved={setCurrent} />
      <LineForm />
    </div>
  );
}
