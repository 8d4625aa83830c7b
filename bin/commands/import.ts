import fs from 'node:fs/promises';
import type { Command } from './index.ts';
import { parseImportJson } from '../../models/domain/import-document.ts';
import { describeCounts, importDocument } from '../../services/erp-import.ts';
import { systemActor } from '../../services/system-actor.ts';
import { terminalProgress } from './progress.ts';

export const importCommand: Command = {
  name: 'import',
  summary: 'upsert organizations, users, articles and subscriptions from an ERP JSON document: import <file.json>',
  async run(portal, args) {
    const [file] = args;
    if (!file || args.length > 1) {
      console.error('Usage: npm run cli -- import <file.json>');
      return 2;
    }
    let text: string;
    try {
      text = await fs.readFile(file, 'utf8');
    } catch (error) {
      console.error(`Cannot read ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
      return 2;
    }
    const parsed = parseImportJson(text);
    if (!parsed.ok) {
      console.error(`${file}: ${parsed.error}`);
      return 2;
    }
    const result = await importDocument(portal.sequelize, await systemActor(), parsed.json, terminalProgress('import'));
    if (!result.ok) {
      console.error(`${file}: rejected, nothing was imported (${result.errors.length} problem${result.errors.length === 1 ? '' : 's'}):`);
      for (const error of result.errors) console.error(`  ${error}`);
      return 2;
    }
    console.log(`Imported ${file}:`);
    for (const line of describeCounts(result.counts)) console.log(`  ${line}`);
    const total = (key: 'created' | 'updated') => Object.values(result.counts).reduce((sum, c) => sum + c[key], 0);
    console.log(`import: ${total('created')} created, ${total('updated')} updated`);
    return 0;
  },
};
