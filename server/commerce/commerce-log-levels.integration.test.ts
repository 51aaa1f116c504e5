// Commerce failures must be visible at the embedded default LOG_LEVEL (warn): every commerce line used to go out at
// info, so "could not be released", "mail failed", "refund still owed" and "job failed" never showed in `npm start`.
// The lines go through the same wiring as main.ts: commerceLog(componentLogger(<pino at warn>, 'commerce')).
import { Writable } from 'node:stream';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createSmtpMail } from '../mail/smtp-mail';
import { componentLogger, createProcessLogger } from '../observability/process-log';
import { sqlPool } from '../database/prisma-client';
import { commerceLog } from './commerce-context';
import { expireDueHolds } from './release-hold';
import { sendOrderMail } from './send-receipt';
import { createCommerceFixture, type CommerceFixture } from './testing/commerce-fixture';

let f: CommerceFixture;
const lines: { level: number; msg: string; component: string }[] = [];

beforeAll(async () => {
  f = await createCommerceFixture();
  const sink = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  f.commerce.ctx.log = commerceLog(componentLogger(createProcessLogger('warn', sink), 'commerce'));
});
afterAll(async () => {
  await f?.close();
});

it('logs failures at warn or error and keeps routine lines at info, so LOG_LEVEL=warn shows exactly the failures', async () => {
  const started = await f.request<{ saleId: string }>(
    'POST',
    `/api/brands/${f.brandId}/shows/${f.showId}/sales`,
    f.admin,
    {
      showProductId: f.showProductId,
      priceMinor: 2500,
      quantity: 10,
      durationSeconds: 300,
      perBuyerLimit: 1,
    },
  );
  expect(started.status).toBe(201);
  const [buyer] = await f.buyers(1);
  const held = await f.request<{ orderId: string; reservationId: string }>(
    'POST',
    `/api/shows/${f.showId}/sales/${started.body.saleId}/reservations`,
    buyer!.headers,
    { quantity: 1 },
  );
  expect(held.status).toBe(201);

  // a hold that cannot be released (the batch function is gone for a moment)
  await f.database.db.reservation.update({
    where: { id: held.body.reservationId },
    data: { expiresAt: new Date(Date.now() - 1000) },
  });
  const pool = sqlPool(f.database.db);
  await pool.query('ALTER FUNCTION livecart_flash_sale_batch RENAME TO livecart_flash_sale_batch_away');
  try {
    expect(await expireDueHolds(f.commerce.ctx)).toBe(0);
  } finally {
    await pool.query('ALTER FUNCTION livecart_flash_sale_batch_away RENAME TO livecart_flash_sale_batch');
  }
  // a receipt the mail server does not take (a real SMTP client, nothing listens on port 1)
  f.commerce.ctx.mail = createSmtpMail('smtp://127.0.0.1:1', 'Livecart <no-reply@livecart.local>');
  await sendOrderMail(f.commerce.ctx, held.body.orderId, 'receipt');

  const released = lines.find((line) => line.msg.includes('could not be released'));
  const mail = lines.find((line) => line.msg.includes('receipt mail failed'));
  expect(released).toMatchObject({ level: 50, component: 'commerce' });
  expect(mail).toMatchObject({ level: 50, component: 'commerce', orderId: held.body.orderId });
  // the sale's "started" line is routine: below warn it is not written
  expect(lines.some((line) => line.msg.includes('started'))).toBe(false);
});
