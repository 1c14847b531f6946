// Svelte's compiler options for Vite and Vitest (the defaults: runes are inferred per component).
export default {};
