import express, { type Router } from 'express';
import { QueryTypes, type Sequelize } from 'sequelize';
import { migrations } from '../models/migrations/index.ts';

/** A database that takes longer than this to answer counts as down. */
const DEADLINE_MS = 5000;

async function problem(sequelize: Sequelize): Promise<string | null> {
  let applied: Array<{ name: string }>;
  try {
    applied = await sequelize.query<{ name: string }>('select name from schema_migrations', { type: QueryTypes.SELECT });
  } catch {
    return 'database unavailable';
  }
  const names = new Set(applied.map((row) => row.name));
  return migrations.every((m) => names.has(m.name)) ? null : 'migrations pending';
}

/**
 * `GET /health` for load balancers and monitoring, without a session: 200 `{status:'ok'}` when the
 * database answers and every migration of models/migrations is applied, 503 with the reason otherwise.
 */
export function healthRoute(sequelize: Sequelize): Router {
  const router = express.Router();
  router.get('/', async (_req, res) => {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<string>((resolve) => { timer = setTimeout(() => resolve('database unavailable'), DEADLINE_MS); });
    const found = await Promise.race([problem(sequelize), late]).finally(() => clearTimeout(timer));
    res.set('Cache-Control', 'no-store');
    if (found) res.status(503).json({ status: 'unavailable', problem: found });
    else res.json({ status: 'ok' });
  });
  return router;
}
