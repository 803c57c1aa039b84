import { ENGINE_NAME, ENGINE_VERSION } from '../../engine/api.ts';
import type { Handler } from './dispatch.ts';

export interface AppIdentity {
  name: string;
  version: string;
}

export function appHandlers(identity: AppIdentity): { 'app.info': Handler<'app.info'> } {
  return {
    'app.info': (_payload, ctx) => ({
      name: identity.name,
      version: identity.version,
      engineName: ENGINE_NAME,
      engineVersion: ENGINE_VERSION,
      transport: ctx.transport,
      platform: process.platform,
    }),
  };
}
