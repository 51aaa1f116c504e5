import type { FastifyInstance } from 'fastify';
import { adminOnly, requireStaff } from '../accounts/staff-access';
import type { Database } from '../database/prisma-client';
import { parseInput } from '../http/parse-input';
import { route } from '../http/typed-route';
import {
  automationParams,
  automationRoutes as routes,
  ruleInputSchema,
  ruleParams,
  settingsInputSchema,
  statsQuery,
} from './automation-schemas';
import {
  automationStats,
  createRule,
  deleteRule,
  getSettings,
  listRules,
  saveSettings,
  updateRule,
} from './automation-service';

/** The automation console: brand admins only (client advisors and show staff answer 403, other brands 404). */
export function registerAutomationRoutes(
  app: FastifyInstance,
  db: Database,
  hooks: {
    /** The brand's settings or rules changed (the engine drops its cached copy). */
    changed(brandId: string): void;
    /** Before statistics are read: this process's buffered hits and unmatched questions are written. */
    beforeStats(): Promise<void>;
  },
): void {
  const { changed } = hooks;
  route(app, routes.get, async (request) => {
    const { brandId } = parseInput(automationParams, request.params);
    requireStaff(request.viewer, brandId, adminOnly);
    const [settings, rules] = await Promise.all([getSettings(db, brandId), listRules(db, brandId)]);
    return { settings, rules };
  });

  route(app, routes.saveSettings, async (request) => {
    const { brandId } = parseInput(automationParams, request.params);
    requireStaff(request.viewer, brandId, adminOnly);
    const settings = await saveSettings(db, brandId, parseInput(settingsInputSchema, request.body));
    changed(brandId);
    return settings;
  });

  route(app, routes.createRule, async (request, reply) => {
    const { brandId } = parseInput(automationParams, request.params);
    requireStaff(request.viewer, brandId, adminOnly);
    const rule = await createRule(db, brandId, parseInput(ruleInputSchema, request.body));
    changed(brandId);
    return reply.status(201).send(rule);
  });

  route(app, routes.updateRule, async (request) => {
    const { brandId, ruleId } = parseInput(ruleParams, request.params);
    requireStaff(request.viewer, brandId, adminOnly);
    const rule = await updateRule(db, brandId, ruleId, parseInput(ruleInputSchema, request.body));
    changed(brandId);
    return rule;
  });

  route(app, routes.deleteRule, async (request, reply) => {
    const { brandId, ruleId } = parseInput(ruleParams, request.params);
    requireStaff(request.viewer, brandId, adminOnly);
    await deleteRule(db, brandId, ruleId);
    changed(brandId);
    return reply.status(204).send();
  });

  route(app, routes.stats, async (request) => {
    const { brandId } = parseInput(automationParams, request.params);
    requireStaff(request.viewer, brandId, adminOnly);
    const { days } = parseInput(statsQuery, request.query);
    await hooks.beforeStats();
    return automationStats(db, brandId, days);
  });
}
