import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../infra/test-support/test-database';
import { Prisma } from '../../prisma/generated/client';
import { createDiskFileStorage } from '../storage/disk-file-storage';
import { balloonsSchema } from './announcement-schemas';
import {
  assembleMessage,
  compileStep,
  personalTexts,
  renderCompiled,
  personalizedImagePath,
  type StepContext,
} from './render-step';
import { personalTextsSql } from './render-sql';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database?.drop());

const context: StepContext = {
  announcementId: 'a1',
  brandName: 'Acme "Bags" & Co',
  show: { id: 's1', title: "Autumn <drop> it's {{name}}", scheduledStartAt: new Date('2026-12-01T18:00:00Z') },
  balloons: balloonsSchema.parse([
    {
      type: 'text',
      text: 'Hi {{name | default: "there"}} / {{ first_name|default:\'friend\' }} — {{brand}}: {{show_title}} at {{show_start}} {{show_url}}',
    },
    { type: 'image', imageKey: 'acme/abcdefghijkl.png', alt: 'for you', overlay: { text: 'Hi {{first_name}}' } },
    { type: 'button', label: '{{first_name | default: "You"}}, shop now', url: 'https://shop.example/x?a=1&b=2' },
  ]),
  products: new Map(),
};

const names = [
  'Ada Lovelace',
  '',
  '   ',
  '  Grace\t\tHopper  ',
  '<script>alert("x")</script>',
  "O'Brien \\ {{show_url}}",
  'Zoë 李 😀',
  'a\nb',
];

describe('SQL rendering', () => {
  it('renders exactly what the JavaScript renderer renders, for awkward names too', async () => {
    const compiled = compileStep(context, {
      storage: createDiskFileStorage('/tmp/unused'),
      publicBaseUrl: 'https://shop.example/',
    });
    const sql = personalTextsSql(compiled, Prisma.sql`v.name`);
    const rows = await database.db.$queryRaw<{ personal: string[] }[]>(Prisma.sql`
      SELECT ${sql} AS personal FROM unnest(${names}::text[]) WITH ORDINALITY AS v(name, i) ORDER BY v.i`);
    for (const [index, name] of names.entries()) {
      const expected = renderCompiled(compiled, { name }, (balloon) => personalizedImagePath(`d${index}`, balloon));
      const personal = rows[index]?.personal ?? [];
      expect(personal, JSON.stringify(name)).toEqual(personalTexts(compiled, { name }));
      // The stored template plus the row's texts is the very message the JavaScript renderer gives.
      expect(
        assembleMessage(JSON.parse(JSON.stringify(compiled)), `d${index}`, personal),
        JSON.stringify(name),
      ).toEqual(expected);
    }
    const first = renderCompiled(compiled, { name: 'Ada Lovelace' }, (balloon) => personalizedImagePath('d0', balloon));
    expect(first.balloons[0]).toEqual({
      type: 'text',
      text: 'Hi Ada Lovelace / Ada — Acme "Bags" & Co: Autumn <drop> it\'s {{name}} at 1 Dec 2026, 18:00 UTC https://shop.example/shows/s1',
    });
    expect(renderCompiled(compiled, { name: '  ' }, () => '').balloons[2]).toMatchObject({ label: 'You, shop now' });
  });
});
