/**
 * Global setup of the `e2e` vitest project:
 * 1. makes sure Debian's Chromium is installed (scripts/ensure-chromium.sh),
 * 2. builds the page with Vite into a temporary directory,
 * 3. serves that build with `vite preview` on a free port and provides its URL as `baseUrl`,
 * and closes the server / removes the build in teardown.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type PreviewServer, preview } from 'vite';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Where the built page is served, e.g. `http://localhost:41234/` (always ends with `/`). */
    baseUrl: string;
  }
}

const root = fileURLToPath(new URL('../..', import.meta.url));
const configFile = join(root, 'vite.config.ts');

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const t0 = performance.now();
  try {
    execFileSync('bash', [join(root, 'scripts/ensure-chromium.sh')], { stdio: 'inherit' });
  } catch {
    throw new Error(
      'e2e: Chromium is not available (scripts/ensure-chromium.sh failed; see its output above)',
    );
  }
  const t1 = performance.now();

  const outDir = await mkdtemp(join(tmpdir(), 'descent-e2e-'));
  let server: PreviewServer | undefined;
  try {
    await build({
      root,
      configFile,
      logLevel: 'warn',
      build: { outDir, emptyOutDir: true },
    });
    const t2 = performance.now();

    server = await preview({
      root,
      configFile,
      logLevel: 'warn',
      build: { outDir },
      // 'mpa': no SPA fallback, so a missing asset is a real 404 (a console error the tests see) instead
      // of index.html served with status 200. The page is a single index.html with no client routes.
      appType: 'mpa',
      // Port 0: the OS picks a free port, so parallel runs (or a running `vite preview`) never clash.
      preview: { host: '127.0.0.1', port: 0, strictPort: false, open: false },
    });
    const url = server.resolvedUrls?.local[0];
    if (!url) throw new Error('e2e: vite preview started but reported no local URL');
    project.provide('baseUrl', url.endsWith('/') ? url : `${url}/`);
    console.log(
      `e2e: chromium check ${ms(t1 - t0)}, vite build ${ms(t2 - t1)}, serving ${url} (setup ${ms(performance.now() - t0)})`,
    );
  } catch (error) {
    await server?.close();
    await rm(outDir, { recursive: true, force: true });
    throw error;
  }

  const running = server;
  return async () => {
    await running.close();
    await rm(outDir, { recursive: true, force: true });
  };
}

const ms = (t: number) => `${Math.round(t)} ms`;
