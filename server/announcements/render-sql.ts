import { Prisma } from '../../prisma/generated/client';
import type { TemplatePart } from './personalization-tokens';
import type { CompiledStep } from './render-step';

/** SQL twin of normalizeValue: whitespace runs collapsed, ends trimmed. */
const normalized = (column: Prisma.Sql) => Prisma.sql`btrim(regexp_replace(${column}, ${'\\s+'}, ' ', 'g'))`;

function partsSql(parts: TemplatePart[], name: Prisma.Sql): Prisma.Sql {
  if (parts.length === 0) return Prisma.sql`''`;
  const pieces = parts.map((part) => {
    if ('text' in part) return Prisma.sql`${part.text}::text`;
    const value =
      part.token === 'first_name'
        ? Prisma.sql`split_part(${normalized(name)}, ' ', 1)`
        : part.token === 'name'
          ? normalized(name)
          : Prisma.sql`''`;
    return Prisma.sql`COALESCE(NULLIF(${value}, ''), ${part.fallback}::text)`;
  });
  return Prisma.sql`concat(${Prisma.join(pieces, ', ')})`;
}

/**
 * The personalized texts of one recipient (one per text or button balloon with tokens, in balloon order) as a text[]
 * expression over the recipient's name, so a whole step renders inside one INSERT … SELECT without a row travelling
 * to Node. The rest of the message is the same for everyone and is stored once, as the step's template
 * (assembleMessage puts the two together). Every literal is a bound parameter. Must produce what renderCompiled
 * produces (render-sql.integration.test.ts compares both).
 */
export function personalTextsSql(step: CompiledStep, name: Prisma.Sql): Prisma.Sql {
  const texts = step.balloons.flatMap((balloon) =>
    balloon.kind === 'text' ? [balloon.parts] : balloon.kind === 'button' ? [balloon.label] : [],
  );
  if (texts.length === 0) return Prisma.sql`'{}'::text[]`;
  return Prisma.sql`ARRAY[${Prisma.join(
    texts.map((parts) => partsSql(parts, name)),
    ', ',
  )}]::text[]`;
}
