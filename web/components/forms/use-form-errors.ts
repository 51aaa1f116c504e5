'use client';

import { useCallback, useState } from 'react';
import type { z } from 'zod';
import { ApiError, errorMessage } from '../../api/api-client';

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
      fields[key] ??= issue.message;
    }
    setErrors({ fields, form: 'Please fix the highlighted fields.' });
  }, []);

  const fromServer = useCallback((error: unknown) => {
    if (error instanceof ApiError && Object.keys(error.fields).length > 0) {
      setErrors({ fields: error.fields, form: 'Please fix the highlighted fields.' });
    } else {
      setErrors({ fields: {}, form: errorMessage(error) });
    }
  }, []);

  const setField = useCallback((name: string, message: string | null) => {
    setErrors((current) => {
      const fields = { ...current.fields };
      if (message) fields[name] = message;
      else delete fields[name];
      return { ...current, fields };
    });
  }, []);

  return { errors, clear, fromZod, fromServer, setField };
}
