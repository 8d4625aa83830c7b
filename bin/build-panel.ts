// `npm run build`: bundles the panel's React components (admin/components/) ahead of time, minified,
// into .adminjs/bundle.js (ADMIN_JS_TMP_DIR), which a production start serves (admin/component-bundle.ts).
// Run with NODE_ENV=production (the npm script sets it): AdminJS reads it when first imported.
import path from 'node:path';
import AdminJS from 'adminjs';
import { ADMIN_JS_TMP_DIR } from 'adminjs/bundler';
import { componentLoader } from '../admin/components/index.ts';
import { buildComponentBundle } from '../admin/component-bundle.ts';

if (process.env.NODE_ENV !== 'production') {
  console.error('Run as `npm run build` (NODE_ENV=production): a development bundle is neither minified nor meant to be served.');
  process.exit(1);
}
const started = Date.now();
const bundle = await buildComponentBundle(new AdminJS({ componentLoader }), path.resolve(ADMIN_JS_TMP_DIR));
console.log(`Panel components bundled into ${path.relative(process.cwd(), bundle) || bundle} in ${Date.now() - started} ms.`);
