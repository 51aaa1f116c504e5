import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { adminOnly, anyStaff, requireStaff } from '../accounts/staff-access';
import type { Database } from '../database/prisma-client';
import { entityId } from '../fields/text-fields';
import { parseInput } from '../http/parse-input';
import { analyticsSettingsSchema, attributionQuerySchema } from './analytics-schemas';
import { attributionReport } from './attribution-report';
import { interestCounts, setAnalyticsTimeZone } from './audience-interests';
import { ReportCache } from './report-cache';

const brandParams = z.object({ brandId: entityId });
const showParams = brandParams.extend({ showId: entityId });

/** The brand console's reports: staff of the brand only; another brand's show answers 404. */
export function registerAnalyticsRoutes(app: FastifyInstance, db: Database): void {
  const reports = new ReportCache(db);
  app.get('/api/brands/:brandId/shows/:showId/report', async (request) => {
    const { brandId, showId } = parseInput(showParams, request.params);
    requireStaff(request.viewer, brandId, anyStaff);
    return reports.get(brandId, showId);
  });

  app.get('/api/brands/:brandId/shows/:showId/report/attribution', async (request) => {
    const { brandId, showId } = parseInput(showParams, request.params);
    requireStaff(request.viewer, brandId, anyStaff);
    const { windowHours } = parseInput(attributionQuerySchema, request.query);
    return attributionReport(db, brandId, showId, windowHours);
  });

  app.get('/api/brands/:brandId/analytics/interests', async (request) => {
    const { brandId } = parseInput(brandParams, request.params);
    requireStaff(request.viewer, brandId, anyStaff);
    return interestCounts(db, brandId);
  });

  app.patch('/api/brands/:brandId/analytics/settings', async (request) => {
    const { brandId } = parseInput(brandParams, request.params);
    requireStaff(request.viewer, brandId, adminOnly);
    const { timeZone } = parseInput(analyticsSettingsSchema, request.body);
    return setAnalyticsTimeZone(db, brandId, timeZone);
  });
}
