'use client';

import { useCallback, useState } from 'react';
import type { z } from 'zod';
import { ApiError, errorMessage } from '../../api/api-client';

// Server and schema messages are lower-case phrases ("enter a title"); shown on their own they read better capitalised.
const sentence = (message: string) => message.charAt(0).toUpperCase() + message.slice(1);

export interface FormErrors {
  fields: Record<string, string>;
  form: string | null;
}

/** Field and form-level errors from client-side zod validation and from the server's error body. */
export function useFormErrors() {
  const [errors, setErrors] = useState<FormErrors>({ fields: {}, form: null });

  const clear = useCallback(() => setErrors({ fields: {}, form: null }), []);

  const fromZod = useCallback((error: z.ZodError) => {
    const fields: Record<string, string> = {};
    for (const issue of error.issues) {
      const key = issue.path.join('.');
      fields[key] ??= sentence(issue.message);
    }
    setErrors({ fields, form: 'Please fix the highlighted fields.' });
  }, []);

  const fromServer = useCallback((error: unknown) => {
    if (error instanceof ApiError && Object.keys(error.fields).length > 0) {
      const fields = Object.fromEntries(Object.entries(error.fields).map(([key, value]) => [key, sentence(value)]));
      setErrors({ fields, form: 'Please fix the highlighted fields.' });
    } else {
      setErrors({ fields: {}, form: sentence(errorMessage(error)) });
    }
  }, []);

  /** Client-side checks that are not in the shared schema, e.g. "in the future". */
  const fromFields = useCallback((fields: Record<string, string>) => {
    const capitalised = Object.fromEntries(Object.entries(fields).map(([key, value]) => [key, sentence(value)]));
    setErrors({ fields: capitalised, form: 'Please fix the highlighted fields.' });
  }, []);

  const setField = useCallback((name: string, message: string | null) => {
    setErrors((current) => {
      if (!message && !(name in current.fields)) return current;
      const fields = { ...current.fields };
      if (message) fields[name] = sentence(message);
      else delete fields[name];
      return { ...current, fields };
    });
  }, []);

  return { errors, clear, fromZod, fromServer, fromFields, setField };
}
