import type { FastifyInstance } from 'fastify';
import { adminOnly, requireStaff } from '../accounts/staff-access';
import type { Database } from '../database/prisma-client';
import { parseInput } from '../http/parse-input';
import { automationParams, ruleInputSchema, ruleParams, settingsInputSchema, statsQuery } from './automation-schemas';
import { automationStats, createRule, deleteRule, getSettings, listRules, saveSettings, updateRule } from './automation-service';

/** The automation console: brand admins only (client advisors and show staff answer 403, other brands 404). */
export function registerAutomationRoutes(app: FastifyInstance, db: Database, changed: (brandId: string) => void): void {
  app.get('/api/brands/:brandId/automation', async (request) => {
    const { brandId } = parseInput(automationParams, request.params);
    requireStaff(request.viewer, brandId, adminOnly);
    const [settings, rules] = await Promise.all([getSettings(db, brandId), listRules(db, brandId)]);
    return { settings, rules };
  });

  app.put('/api/brands/:brandId/automation/settings', async (request) => {
    const { brandId } = parseInput(automationParams, request.params);
    requireStaff(request.viewer, brandId, adminOnly);
    const settings = await saveSettings(db, brandId, parseInput(settingsInputSchema, request.body));
    changed(brandId);
    return settings;
  });

  app.post('/api/brands/:brandId/automation/rules', async (request, reply) => {
    const { brandId } = parseInput(automationParams, request.params);
    requireStaff(request.viewer, brandId, adminOnly);
    const rule = await createRule(db, brandId, parseInput(ruleInputSchema, request.body));
    changed(brandId);
    return reply.status(201).send(rule);
  });

  app.put('/api/brands/:brandId/automation/rules/:ruleId', async (request) => {
    const { brandId, ruleId } = parseInput(ruleParams, request.params);
    requireStaff(request.viewer, brandId, adminOnly);
    const rule = await updateRule(db, brandId, ruleId, parseInput(ruleInputSchema, request.body));
    changed(brandId);
    return rule;
  });

  app.delete('/api/brands/:brandId/automation/rules/:ruleId', async (request, reply) => {
    const { brandId, ruleId } = parseInput(ruleParams, request.params);
    requireStaff(request.viewer, brandId, adminOnly);
    await deleteRule(db, brandId, ruleId);
    changed(brandId);
    return reply.status(204).send();
  });

  app.get('/api/brands/:brandId/automation/stats', async (request) => {
    const { brandId } = parseInput(automationParams, request.params);
    requireStaff(request.viewer, brandId, adminOnly);
    const { days } = parseInput(statsQuery, request.query);
    return automationStats(db, brandId, days);
  });
}
