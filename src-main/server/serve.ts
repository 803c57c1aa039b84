/**
 * `npm run serve [-- --port N] [--data-dir DIR | --db FILE]`: the main-process services behind the
 * localhost transport, with the built renderer, for a browser. Prints the URL (with its token) to
 * open; Ctrl-C or SIGTERM closes it. `npm run serve` builds the renderer first; run directly, this
 * file expects out/renderer. The store is named as on the command line (src-main/cli/store-options.ts).
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { command, filePath, integer, option, optionWithDefault, runMain, type Program } from '../cli/framework/index.ts';
import { STORE_OPTIONS, storeFromOptions } from '../cli/store-options.ts';
import { createServices } from '../services/services.ts';
import { APP_NAME } from '../store/paths.ts';
import { startServer } from './http-server.ts';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

const SERVE = command({
  name: 'serve',
  summary: 'serve the app on 127.0.0.1 to a browser on this machine',
  options: {
    port: optionWithDefault(integer({ min: 0, max: 65535 }), 0, 'the port to listen on (0: any free port)'),
    ...STORE_OPTIONS,
    'renderer-dir': option(filePath('DIR'), 'the built page (default: out/renderer)'),
  },
  async run({ options: o }, { io, signal }) {
    const named = storeFromOptions(o);
    const dataDir = path.resolve(named.dataDir);
    const dbFile = path.resolve(named.dbFile);
    const rendererDir = path.resolve(o['renderer-dir'] ?? path.join(repoRoot, 'out', 'renderer'));
    if (!existsSync(path.join(rendererDir, 'index.html'))) {
      throw new Error(`no built renderer in ${rendererDir}: run \`npm run build\` (or \`npm run serve\`, which builds it)`);
    }
    mkdirSync(dataDir, { recursive: true });
    const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string };
    const services = createServices({ identity: { name: APP_NAME, version: pkg.version }, dataDir, dbFile });
    const server = await startServer({ services, rendererDir, port: o.port });
    io.out(`${APP_NAME} (data in ${dataDir})`);
    io.out(`Run database: ${dbFile}`);
    io.out(`Open ${server.url}`);
    await new Promise<void>((resolve) => (signal.aborted ? resolve() : signal.addEventListener('abort', () => resolve(), { once: true })));
    io.out(`${String(signal.reason)}: closing`);
    await Promise.all([server.close(), services.close()]);
  },
});

const SERVE_PROGRAM: Program = { name: 'serve', invocation: 'npm run serve --', root: SERVE };

await runMain(SERVE_PROGRAM, { exit: true });
