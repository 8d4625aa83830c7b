/** The temporary path of a file express-formidable put into an action's payload (its versions name it `path` or `filepath`). */
export function uploadedFilePath(value: unknown): string | null {
  const upload = value as { path?: unknown; filepath?: unknown } | null | undefined;
  if (typeof upload?.path === 'string') return upload.path;
  return typeof upload?.filepath === 'string' ? upload.filepath : null;
}
