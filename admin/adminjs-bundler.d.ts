// Types of AdminJS's bundler entry point (`adminjs/bundler`, shipped without them): the parts
// admin/component-bundle.ts uses.
declare module 'adminjs/bundler' {
  import type AdminJS from 'adminjs';

  /** `.adminjs` unless ADMIN_JS_TMP_DIR says otherwise (read when adminjs is first imported). */
  export const ADMIN_JS_TMP_DIR: string;
  export function generateUserComponentEntry(admin: AdminJS, entryPath: string): string;
  export const componentsBundler: {
    inputOptions: { input: string };
    outputOptions: { file: string };
    createEntry(options: { dir?: string; content: string }): Promise<void>;
    build(): Promise<void>;
  };
}
