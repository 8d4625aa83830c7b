// The license list as CSV for spreadsheet users: UTF-8 with a byte order mark (so spreadsheets read
// it as UTF-8), formula-leading text cells neutralised (csv-cells.ts): organization names and
// device names are tenant text. The rows are the ones the reader reaches, with the fields its view
// may see (services/license-export.ts).
import { csvText } from './csv-cells.ts';

export interface LicenseCsvRow {
  id: number;
  licenseKey: string;
  organizationId: number;
  organizationName: string;
  articleCode: string;
  kind: string;
  status: string;
  seats: number;
  device: string | null;
  expiresOn: string | null;
  serviceUntil: string | null;
  /** ISO timestamp. */
  createdAt: string;
}

export const LICENSE_CSV_HEADER = 'id,license_key,organization_id,organization_name,article_code,kind,status,seats,device,expires_on,service_until,created_at';
const BOM = '\uFEFF';

export function licenseCsv(rows: LicenseCsvRow[]): string {
  return BOM + csvText(LICENSE_CSV_HEADER, rows.map((r) => [
    r.id, r.licenseKey, r.organizationId, r.organizationName, r.articleCode, r.kind, r.status, r.seats,
    r.device, r.expiresOn, r.serviceUntil, r.createdAt,
  ]));
}
