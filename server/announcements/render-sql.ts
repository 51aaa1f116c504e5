import { Prisma } from '../../prisma/generated/client';
import type { TemplatePart } from './personalization-tokens';
import { personalizedImagePrefix, type CompiledStep } from './render-step';

/** SQL twin of normalizeValue: whitespace runs collapsed, ends trimmed. */
const normalized = (column: Prisma.Sql) => Prisma.sql`btrim(regexp_replace(${column}, ${'\\s+'}, ' ', 'g'))`;

function partsSql(parts: TemplatePart[], name: Prisma.Sql): Prisma.Sql {
  if (parts.length === 0) return Prisma.sql`''`;
  const pieces = parts.map((part) => {
    if ('text' in part) return Prisma.sql`${part.text}::text`;
    const value = part.token === 'first_name' ? Prisma.sql`split_part(${normalized(name)}, ' ', 1)` : part.token === 'name' ? normalized(name) : Prisma.sql`''`;
    return Prisma.sql`COALESCE(NULLIF(${value}, ''), ${part.fallback}::text)`;
  });
  return Prisma.sql`concat(${Prisma.join(pieces, ', ')})`;
}

/**
 * The rendered message of one recipient as a jsonb expression over the recipient's delivery id and name, so a whole
 * step renders inside one INSERT … SELECT without a row travelling to Node. Every literal is a bound parameter.
 * Must produce what renderCompiled produces (render-sql.integration.test.ts compares both).
 */
export function renderedMessageSql(step: CompiledStep, columns: { deliveryId: Prisma.Sql; name: Prisma.Sql }): Prisma.Sql {
  const balloons = step.balloons.map((balloon, index) => {
    switch (balloon.kind) {
      case 'constant':
        return Prisma.sql`${JSON.stringify(balloon.balloon)}::jsonb`;
      case 'text':
        return Prisma.sql`jsonb_build_object('type', 'text', 'text', ${partsSql(balloon.parts, columns.name)})`;
      case 'button':
        return Prisma.sql`jsonb_build_object('type', 'button', 'label', ${partsSql(balloon.label, columns.name)}, 'url', ${balloon.url}::text)`;
      case 'image':
        return Prisma.sql`jsonb_build_object('type', 'image', 'url', ${`${step.base}${personalizedImagePrefix}`}::text || ${columns.deliveryId} || ${`/${index}`}::text, 'alt', ${balloon.alt}::text)`;
    }
  });
  return Prisma.sql`jsonb_build_object('title', ${step.title}::text, 'showUrl', ${step.showUrl}::text, 'balloons', jsonb_build_array(${Prisma.join(balloons, ', ')}))`;
}
