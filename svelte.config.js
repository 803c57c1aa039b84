// Svelte 5 in runes mode everywhere (shared/style.md): $props, $state, $derived; no legacy syntax.
export default {
  compilerOptions: { runes: true },
};
