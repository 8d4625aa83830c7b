/** A logged-in panel user over real HTTP (keep-alive fetch), as a browser's API calls are. */
import { DEMO_PASSWORD } from '../models/demo-seed.ts';

export interface Client { cookie: string; get(path: string): Promise<{ status: number; body: string }> }

export async function loginClient(base: string, email: string): Promise<Client> {
  const form = new FormData();
  form.set('email', email);
  form.set('password', DEMO_PASSWORD);
  const response = await fetch(`${base}/admin/login`, { method: 'POST', body: form, redirect: 'manual' });
  const cookie = response.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  await response.arrayBuffer();
  if (response.status !== 302 || !cookie) throw new Error(`login as ${email}: ${response.status}`);
  return { ...plainClient(base, { cookie }), cookie };
}

export function plainClient(base: string, headers: Record<string, string> = {}): Client {
  return {
    cookie: headers.cookie ?? '',
    async get(path) {
      const response = await fetch(`${base}${path}`, { headers });
      const body = await response.text();
      if (response.status !== 200) throw new Error(`GET ${path}: ${response.status} ${body.slice(0, 300)}`);
      return { status: response.status, body };
    },
  };
}
