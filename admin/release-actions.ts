import type { Action, RecordActionResponse } from 'adminjs';
import type { Sequelize } from 'sequelize';
import { releaseDownload } from '../services/files.ts';
import { operationAction } from './operation-action.ts';
import { msg } from '../templates/messages.ts';

/** A release's `download` (POST): audited by services/files.ts, answered with the vendor's download address. */
export function releaseActions(db: Sequelize): Record<string, Partial<Action<RecordActionResponse>>> {
  return {
    download: operationAction({
      resource: 'software_releases', operation: 'download', icon: 'Download',
      run: async (actor, id) => {
        const release = await releaseDownload(db, actor, id);
        return { notice: msg('downloadStarts', { label: release.label, sha256: release.sha256 || null }), downloadUrl: release.url };
      },
    }),
  };
}
