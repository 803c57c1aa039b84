import { mount } from 'svelte';
import App from './App.svelte';
import { AppState } from './lib/app-state.svelte.ts';
import { StudioClient } from './lib/client.ts';
import { pickTransport } from './lib/pick-transport.ts';
import './app.css';

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element');

const choice = pickTransport(window);
if (choice.ok) {
  const state = new AppState(new StudioClient(choice.transport));
  mount(App, { target, props: { app: state, transport: choice.transport.kind } });
  void state.load();
} else {
  mount(App, { target, props: { app: null, transport: null, startupError: choice.reason } });
}
