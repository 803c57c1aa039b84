// A page with the parameter editor alone, in a left panel as the app lays it out, for looking at
// it in a browser (test/e2e/param-editor.e2e.ts screenshots it). `?avail=<bytes>` makes the
// estimate report that much available memory, as the services do; `?w=<px>` sets the panel width.
import { mount } from 'svelte';
import '../../../app.css';
import Preview from './Preview.svelte';

const target = document.getElementById('app');
if (!target) throw new Error('no #app');
const query = new URL(location.href).searchParams;
const avail = query.get('avail');
mount(Preview, { target, props: { availableBytes: avail ? Number(avail) : null, panelWidth: Number(query.get('w') ?? 460) } });
