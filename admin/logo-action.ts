import fs from 'node:fs/promises';
import type { Action, ActionContext, ActionRequest, RecordActionResponse } from 'adminjs';
import { can } from '../models/domain/policy.ts';
import { checkLogo } from '../models/domain/logo-image.ts';
import { Organization } from '../models/index.ts';
import { recordAudit } from '../models/audit.ts';
import { sessionActor } from './actor.ts';
import { uploadedFilePath } from './uploaded-file.ts';
import type { ScopedResource } from './scoped-resource.ts';

/** Uploads an organization's white-label logo (field `logo`); whoever may edit the organization may set it. */
export function uploadLogoAction(): Partial<Action<RecordActionResponse>> {
  const allowed = ({ currentAdmin }: ActionContext) => {
    const actor = sessionActor(currentAdmin);
    return Boolean(actor && can(actor, 'organizations', 'update'));
  };
  return {
    actionType: 'record',
    component: false,
    icon: 'Image',
    isAccessible: allowed,
    isVisible: allowed,
    handler: async (request: ActionRequest, _response: unknown, context: ActionContext): Promise<RecordActionResponse> => {
      const { record, currentAdmin } = context;
      const resource = context.resource as unknown as ScopedResource;
      const scope = await resource.authorize(context, 'update');
      if (!record) throw new Error('The record must be loaded through the scoped resource first.');
      const file = request.method === 'post' ? uploadedFilePath(request.payload?.logo) : null;
      const bytes = file ? await fs.readFile(file) : null;
      if (!bytes) return { record: record.toJSON(currentAdmin), notice: { message: 'Choose a PNG or JPEG file as the field "logo".', type: 'info' } };
      const logo = checkLogo(bytes);
      if (!logo.ok) return { record: record.toJSON(currentAdmin), notice: { message: logo.error, type: 'error' } };
      const organization = await Organization.findByPk(Number(record.id()));
      await organization!.update({ logo: bytes, logoContentType: logo.contentType });
      await recordAudit({
        userId: scope.actor.userId, organizationId: organization!.id, action: 'organizations.logo', resource: 'organizations',
        recordId: organization!.id, details: { view: scope.actor.view, width: logo.width, height: logo.height },
      });
      return { record: record.toJSON(currentAdmin), notice: { message: `Logo saved (${logo.width}×${logo.height}).`, type: 'success' } };
    },
  };
}
