/**
 * The browser bundle of the panel's React components (admin/components/), served where AdminJS's
 * page asks for it (`/admin/frontend/assets/components.bundle.js`):
 * - production (NODE_ENV=production): built ahead of time by `npm run build` (bin/build-panel.ts,
 *   minified) into `.adminjs/bundle.js` (ADMIN_JS_TMP_DIR). The panel only reads it: AdminJS's own
 *   bundling at start is switched off (ADMIN_JS_SKIP_BUNDLE), and a start without the file stops
 *   with what to run, instead of serving a page without its start page.
 * - development: built once per process on the first request, in a folder of its own, and kept in
 *   memory: two panels (parallel tests) or a build beside a running panel never read each other's
 *   half-written file, and an old production build in `.adminjs` is never served by mistake.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { RequestHandler } from 'express';
import type AdminJS from 'adminjs';
import { ADMIN_JS_TMP_DIR, componentsBundler, generateUserComponentEntry } from 'adminjs/bundler';

export const COMPONENTS_BUNDLE = '/frontend/assets/components.bundle.js';
export const PREBUILT_BUNDLE = path.resolve(ADMIN_JS_TMP_DIR, 'bundle.js');

/** Bundles the components `admin` registered into `dir` (entry.js, bundle.js); answers the bundle's path. */
export async function buildComponentBundle(admin: AdminJS, dir: string): Promise<string> {
  componentsBundler.inputOptions.input = path.join(dir, 'entry.js');
  componentsBundler.outputOptions.file = path.join(dir, 'bundle.js');
  await componentsBundler.createEntry({ dir, content: generateUserComponentEntry(admin, dir) });
  await componentsBundler.build();
  return componentsBundler.outputOptions.file;
}

async function developmentBundle(admin: AdminJS): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'portal-components-'));
  try {
    return await readFile(await buildComponentBundle(admin, dir), 'utf8');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The handler for COMPONENTS_BUNDLE; in production only once the pre-built bundle has been read. */
export async function componentBundle(admin: AdminJS, production: boolean): Promise<RequestHandler> {
  let source: Promise<{ body: string; etag: string }> | undefined;
  const load = (text: Promise<string>) => text.then((body) => ({ body, etag: `"${createHash('sha1').update(body).digest('base64url')}"` }));
  if (production) {
    process.env.ADMIN_JS_SKIP_BUNDLE = 'true';
    source = load(readFile(PREBUILT_BUNDLE, 'utf8').catch((error: NodeJS.ErrnoException) => {
      throw error.code === 'ENOENT' ? new Error(`NODE_ENV=production serves the panel's pre-built components: ${PREBUILT_BUNDLE} is missing, run \`npm run build\` first.`) : error;
    }));
    await source;
  }
  return async (_req, res, next) => {
    try {
      source ??= load(developmentBundle(admin));
      const { body, etag } = await source;
      res.type('application/javascript').set('ETag', etag).send(body);
    } catch (error) {
      if (!production) source = undefined; // a failed development build is tried again by the next request
      next(error);
    }
  };
}
