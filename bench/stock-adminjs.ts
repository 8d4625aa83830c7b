/** Stock AdminJS + @adminjs/sequelize over the same tables, no scoping and no changes: what a vendor would get out of the box. */
import AdminJS from 'adminjs';
import AdminJSExpress from '@adminjs/express';
import { Resource } from '@adminjs/sequelize';
import express from 'express';
import { Article, License, Organization, Subscription } from '../models/index.ts';

export const STOCK_ROOT = '/stock';

export function stockApp(): express.Express {
  const admin = new AdminJS({ rootPath: STOCK_ROOT, resources: [License, Subscription, Organization, Article].map((model) => new Resource(model)) });
  const app = express();
  app.use(STOCK_ROOT, AdminJSExpress.buildRouter(admin));
  return app;
}
