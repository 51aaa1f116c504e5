import type { Page } from 'playwright-core';

/** Signs in through the sign-in form and waits until the header shows the account menu. */
export async function signInThroughForm(page: Page, email: string, password: string, next = '/'): Promise<void> {
  await page.goto(`/sign-in?next=${encodeURIComponent(next)}`);
  const form = page.getByTestId('sign-in-form');
  await form.getByLabel('Email').fill(email);
  await form.getByLabel('Password').fill(password);
  await form.getByRole('button', { name: 'Sign in' }).click();
  await page.getByTestId('account-menu').waitFor();
}
