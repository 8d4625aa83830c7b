import fs from 'node:fs/promises';
import type { Action, RecordActionResponse } from 'adminjs';
import type { Sequelize } from 'sequelize';
import { setLogo } from '../services/logo.ts';
import { Refusal } from '../services/refusal.ts';
import { operationAction } from './operation-action.ts';
import { uploadedFilePath } from './uploaded-file.ts';
import { msg } from '../templates/messages.ts';

/** Uploads an organization's white-label logo (multipart field `logo`); services/logo.ts decides. */
export function uploadLogoAction(db: Sequelize, uploadDir: string): Partial<Action<RecordActionResponse>> {
  return operationAction({
    resource: 'organizations', operation: 'update', icon: 'Image',
    run: async (actor, id, payload) => {
      const file = uploadedFilePath(payload.logo, uploadDir);
      if (!file) throw Refusal.ofFields(400, { logo: msg('chooseLogo') });
      const { width, height } = await setLogo(db, actor, id, await fs.readFile(file));
      return msg('logoSaved', { width, height });
    },
  });
}
