/**
 * The shell's shared state: what the services told us about the app, the presets, and the
 * parameter set on show. Loaded through the contract, whatever the transport.
 */
import type { AppInfo, PresetInfo } from '../../src-main/contract.ts';
import type { ParamSet, PresetName } from '../../engine/params/types.ts';
import { errorText, type StudioClient } from './client.ts';

export class AppState {
  info = $state.raw<AppInfo | null>(null);
  presets = $state.raw<PresetInfo[]>([]);
  preset = $state<PresetName>('default');
  params = $state.raw<ParamSet | null>(null);
  loadingParams = $state(false);
  error = $state<string | null>(null);

  readonly #client: StudioClient;
  /** Only the newest preset request may land (the user can switch faster than replies come). */
  #paramsRequest = 0;

  constructor(client: StudioClient) {
    this.#client = client;
  }

  async load(): Promise<void> {
    try {
      const [info, presets] = await Promise.all([this.#client.call('app.info'), this.#client.call('params.presets')]);
      this.info = info;
      this.presets = presets;
    } catch (error) {
      this.error = errorText(error);
      return;
    }
    await this.selectPreset(this.preset);
  }

  async selectPreset(name: PresetName): Promise<void> {
    const request = ++this.#paramsRequest;
    this.preset = name;
    this.loadingParams = true;
    try {
      const params = await this.#client.call('params.defaults', { preset: name });
      if (request === this.#paramsRequest) {
        this.params = params;
        this.error = null;
      }
    } catch (error) {
      if (request === this.#paramsRequest) this.error = errorText(error);
    } finally {
      if (request === this.#paramsRequest) this.loadingParams = false;
    }
  }
}
