/**
 * `npm run serve [-- --port N] [--data-dir DIR | --db FILE]`: the main-process services behind the
 * localhost transport, with the built renderer, for a browser. Prints the URL (with its token) to
 * open; Ctrl-C or SIGTERM closes it. `npm run serve` builds the renderer first; run directly, this
 * file expects out/renderer. The store is named as on the command line (src-main/cli/store-options.ts).
 * Each start makes a new access token (so a page opened before a restart is refused and says so),
 * unless MICROCIRCUIT_SERVE_TOKEN fixes one: then open pages reconnect after a restart.
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

/** An access token fixed by the environment (kept across restarts); by default each start makes a new one. */
const TOKEN_ENV = 'MICROCIRCUIT_SERVE_TOKEN';

function tokenFromEnvironment(env: NodeJS.ProcessEnv): string | undefined {
  const token = env[TOKEN_ENV];
  if (token === undefined || token === '') return undefined;
  if (!/^[\w-]{16,256}$/.test(token)) {
    // The value is a secret: its length is named, never the value.
    throw new Error(`${TOKEN_ENV} must be 16 to 256 letters, digits, '-' or '_' (it has ${token.length} characters${/^[\w-]*$/.test(token) ? '' : ', some of them others'})`);
  }
  return token;
}

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
    const token = tokenFromEnvironment(process.env);
    mkdirSync(dataDir, { recursive: true });
    const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string };
    const services = createServices({ identity: { name: APP_NAME, version: pkg.version }, dataDir, dbFile });
    const server = await startServer({ services, rendererDir, port: o.port, token });
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
