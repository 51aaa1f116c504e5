import type { FastifyInstance } from 'fastify';
import { adminOnly, anyStaff, requireStaff } from '../accounts/staff-access';
import type { Database } from '../database/prisma-client';
import { parseInput } from '../http/parse-input';
import { route } from '../http/typed-route';
import { analyticsRoutes as routes } from './analytics-schemas';
import { attributionReport } from './attribution-report';
import { interestCounts, setAnalyticsTimeZone } from './audience-interests';
import { ReportCache } from './report-cache';

/** The brand console's reports: staff of the brand only; another brand's show answers 404. */
export function registerAnalyticsRoutes(app: FastifyInstance, db: Database): void {
  const reports = new ReportCache(db);
  route(app, routes.showReport, async (request) => {
    const { brandId, showId } = parseInput(routes.showReport.params, request.params);
    requireStaff(request.viewer, brandId, anyStaff);
    return reports.get(brandId, showId);
  });

  route(app, routes.attribution, async (request) => {
    const { brandId, showId } = parseInput(routes.attribution.params, request.params);
    requireStaff(request.viewer, brandId, anyStaff);
    const { windowHours } = parseInput(routes.attribution.query, request.query);
    return attributionReport(db, brandId, showId, windowHours);
  });

  route(app, routes.interests, async (request) => {
    const { brandId } = parseInput(routes.interests.params, request.params);
    requireStaff(request.viewer, brandId, anyStaff);
    return interestCounts(db, brandId);
  });

  route(app, routes.settings, async (request) => {
    const { brandId } = parseInput(routes.settings.params, request.params);
    requireStaff(request.viewer, brandId, adminOnly);
    const { timeZone } = parseInput(routes.settings.body, request.body);
    return setAnalyticsTimeZone(db, brandId, timeZone);
  });
}
