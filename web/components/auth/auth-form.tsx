'use client';

import Link from 'next/link';
import { useRouter, useSearchParams } from 'next/navigation';
import { useState } from 'react';
import { call } from '../../api/api-client';
import { Alert } from '../feedback/feedback';
import { Field } from '../forms/field';
import { useFormErrors } from '../forms/use-form-errors';
import { useSession } from '../session/session-provider';
import { safeNextPath, signInSchema, signUpSchema } from './auth-schemas';
import styles from './auth-form.module.css';
import { accountRoutes } from '@server/accounts/account-schemas';

/** Sign-in and sign-up share one form; sign-up adds the name field. */
export function AuthForm({ mode }: { mode: 'sign-in' | 'sign-up' }) {
  const router = useRouter();
  const params = useSearchParams();
  const next = safeNextPath(params.get('next'));
  const { refresh } = useSession();
  const { errors, clear, fromZod, fromServer, setField } = useFormErrors();
  const [submitting, setSubmitting] = useState(false);
  const isSignUp = mode === 'sign-up';
  const [sentTo, setSentTo] = useState<string | null>(null);

  async function handleSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const values = Object.fromEntries(new FormData(event.currentTarget));
    const parsed = isSignUp ? signUpSchema.safeParse(values) : signInSchema.safeParse(values);
    if (!parsed.success) return fromZod(parsed.error);
    const signUp = isSignUp ? signUpSchema.safeParse(values) : null;
    clear();
    setSubmitting(true);
    try {
      if (signUp?.success) {
        // The answer is the same for a new and a known address; the mail tells the owner which it was.
        await call(accountRoutes.signUp, { body: { ...signUp.data, next } });
        setSentTo(String(values.email));
        setSubmitting(false);
        return;
      }
      await call(accountRoutes.signIn, { body: parsed.data });
      await refresh();
      router.push(next);
    } catch (error) {
      fromServer(error);
      setSubmitting(false);
    }
  }

  const otherHref = `${isSignUp ? '/sign-in' : '/sign-up'}${next !== '/' ? `?next=${encodeURIComponent(next)}` : ''}`;

  if (sentTo) {
    return (
      <main className={styles.wrap}>
        <section className={`card ${styles.card}`} data-testid="sign-up-sent" aria-live="polite">
          <h1>Check your email</h1>
          <p>
            We sent a message to <strong>{sentTo}</strong>. Open the link in it to finish creating your account; it
            works for 24 hours. If you already have an account, the message says so.
          </p>
          <p className="muted">
            Running the demo without a mail server? The link is printed in the server&apos;s console.
          </p>
          <p className={`muted ${styles.footer}`}>
            <Link href={otherHref}>Sign in instead</Link>
          </p>
        </section>
      </main>
    );
  }

  return (
    <main className={styles.wrap}>
      <form
        className={`card ${styles.card}`}
        onSubmit={handleSubmit}
        onChange={(event) => {
          const input = event.nativeEvent.target;
          if (input instanceof HTMLInputElement) setField(input.name, null);
        }}
        noValidate
        data-testid={`${mode}-form`}
      >
        <h1>{isSignUp ? 'Create your account' : 'Sign in'}</h1>
        <Alert testId="form-error">{errors.form}</Alert>
        {isSignUp ? (
          <Field label="Name" name="name" error={errors.fields.name}>
            {(control) => <input {...control} className="input" autoComplete="name" required />}
          </Field>
        ) : null}
        <Field label="Email" name="email" error={errors.fields.email}>
          {(control) => <input {...control} className="input" type="email" autoComplete="email" required />}
        </Field>
        <Field
          label="Password"
          name="password"
          error={errors.fields.password}
          hint={isSignUp ? 'At least 8 characters.' : undefined}
        >
          {(control) => (
            <input
              {...control}
              className="input"
              type="password"
              autoComplete={isSignUp ? 'new-password' : 'current-password'}
              required
            />
          )}
        </Field>
        <button type="submit" className={`button button-primary ${styles.submit}`} disabled={submitting}>
          {submitting ? 'Please wait…' : isSignUp ? 'Create account' : 'Sign in'}
        </button>
        <p className={`muted ${styles.footer}`}>
          {isSignUp ? 'Already have an account? ' : 'New to Livecart? '}
          <Link href={otherHref}>{isSignUp ? 'Sign in' : 'Create an account'}</Link>
        </p>
      </form>
    </main>
  );
}
