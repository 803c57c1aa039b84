/**
 * `npm run serve [-- --port N] [--data-dir DIR]`: the main-process services behind the localhost
 * transport, with the built renderer, for a browser. Prints the URL (with its token) to open.
 * `npm run serve` builds the renderer first; run directly, this file expects out/renderer.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createServices } from '../services/services.ts';
import { defaultDataDir, PRODUCT_NAME } from '../services/paths.ts';
import { startServer } from './http-server.ts';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

function usage(message: string): never {
  console.error(`${message}\nusage: node src-main/server/serve.ts [--port N] [--data-dir DIR] [--renderer-dir DIR]`);
  process.exit(2);
}

function parsePort(text: string | undefined): number {
  if (text === undefined) return 0;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535) usage(`--port: got ${JSON.stringify(text)}, allowed: an integer in [0, 65535] (0 = any free port)`);
  return port;
}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: 'string' },
        'data-dir': { type: 'string' },
        'renderer-dir': { type: 'string' },
      },
      strict: true,
    }));
  } catch (error) {
    usage(error instanceof Error ? error.message : String(error));
  }
  const port = parsePort(values.port);
  const dataDir = path.resolve(values['data-dir'] ?? defaultDataDir());
  const rendererDir = path.resolve(values['renderer-dir'] ?? path.join(repoRoot, 'out', 'renderer'));
  if (!existsSync(path.join(rendererDir, 'index.html'))) {
    console.error(`no built renderer in ${rendererDir}: run \`npm run build\` (or \`npm run serve\`, which builds it)`);
    process.exit(1);
  }
  mkdirSync(dataDir, { recursive: true });
  const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string };

  const services = createServices({ identity: { name: PRODUCT_NAME, version: pkg.version }, dataDir });
  const server = await startServer({ services, rendererDir, port });
  console.log(`${PRODUCT_NAME} (data in ${dataDir})`);
  console.log(`Open ${server.url}`);

  let closing = false;
  const shutdown = (signal: string): void => {
    if (closing) return;
    closing = true;
    console.log(`${signal}: closing`);
    void Promise.all([server.close(), services.close()]).then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

await main();
