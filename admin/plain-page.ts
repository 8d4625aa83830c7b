import type { Response } from 'express';

export const escapeHtml = (value: unknown) => String(value ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * A plain server-rendered page (registration, own account): no script, no third-party request,
 * not cached, no referrer (its address may carry a token).
 */
export function plainPage(res: Response, status: number, language: string, title: string, body: string): void {
  res.status(status).type('html').set('Cache-Control', 'no-store').set('Referrer-Policy', 'no-referrer').send(`<!doctype html>
<html lang="${escapeHtml(language)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · Channel License Portal</title>
<style>body{font:15px sans-serif;max-width:28rem;margin:3rem auto;padding:0 1rem}label{display:block;margin:.8rem 0 .2rem}
input{width:100%;padding:.4rem;box-sizing:border-box}button{margin-top:1rem;padding:.5rem 1rem}.error{color:#b00020}.ok{color:#1b5e20}</style>
</head><body><h1>${escapeHtml(title)}</h1>
${body}
</body></html>`);
}
