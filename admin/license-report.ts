import express, { type Router } from 'express';
import type { Action, ActionResponse } from 'adminjs';
import type { Sequelize } from 'sequelize';
import { REPORT_FORMATS, type ReportFormat } from '../models/domain/values.ts';
import { licenseReportFile } from '../services/files.ts';
import { REPORT_FILTER_FIELDS, reportFilters, type LicenseReportInput } from '../services/license-report.ts';
import { Refusal, notFound } from '../services/refusal.ts';
import { fileRoute } from './scoped-file-route.ts';
import { resourceOperationAction } from './operation-action.ts';
import { msg } from '../templates/messages.ts';

export const LICENSE_REPORT_ROOT = '/admin/license-report';

const filtersFrom = (source: Record<string, unknown> | undefined): LicenseReportInput =>
  Object.fromEntries(REPORT_FILTER_FIELDS.map((field) => [field, source?.[field]]));

function formatOf(value: unknown): ReportFormat {
  const format = String(value ?? 'csv');
  if (!(REPORT_FORMATS as readonly string[]).includes(format)) throw Refusal.ofFields(422, { format: msg('mustBeOneOf', { field: 'format', allowed: REPORT_FORMATS }) });
  return format as ReportFormat;
}

/**
 * The resource action `report` of licenses (POST, with the filter fields and `format`): checks the
 * filters for the session's actor (an organization out of reach: 404) and points at the file route,
 * which the panel script license-report.js then opens as a download.
 */
export function licenseReportAction(db: Sequelize): Partial<Action<ActionResponse>> {
  return resourceOperationAction({
    resource: 'licenses', operation: 'read', icon: 'Download',
    run: async (actor, request, say) => {
      const payload = request.payload ?? {};
      const format = formatOf(payload.format);
      const filters = filtersFrom(payload);
      await reportFilters(db, actor, filters);
      const query = new URLSearchParams(Object.entries(filters).filter(([, v]) => v !== undefined && v !== null && String(v) !== '').map(([k, v]) => [k, String(v)]));
      return { redirectUrl: `${LICENSE_REPORT_ROOT}/${format}?${query}`, notice: { message: say(msg('reportDownloading')), type: 'success' } };
    },
  });
}

/** GET <root>/csv|pdf?organizationId=…&kind=…: the report for the session's actor (services/files.ts). */
export function licenseReportRoutes(db: Sequelize, timeZone: string): Router {
  const router = express.Router();
  router.get('/:format', fileRoute(db, async (actor, req) => {
    const format = String(req.params.format);
    if (!(REPORT_FORMATS as readonly string[]).includes(format)) throw notFound(msg('format'));
    return licenseReportFile(db, actor, filtersFrom(req.query as Record<string, unknown>), format as ReportFormat, timeZone);
  }));
  return router;
}
