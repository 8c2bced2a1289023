// Starts the app once the page has painted. Trunk names this script in place of its own
// inline loader (`pattern_script` in Trunk.toml), with the hashed names of the
// wasm-bindgen glue and the wasm in its data-glue and data-wasm attributes, so the page
// runs under `script-src 'self'` with nothing rewritten after the build.
//
// The page paints its prerendered plan from the HTML and stylesheet alone; fetching the
// wasm alongside would share the network with them, and Lighthouse's simulation counts
// every request begun before the paint as holding it up (measured: a fetch begun at parse
// time put an uncompressed page's LCP at 6.2 s against 1.1 s). A page that cannot paint
// yet (a background tab) starts anyway after a second.
const { glue, wasm } = document.getElementById("patchcast-start").dataset;
await new Promise((painted) => {
  const seen = new PerformanceObserver(() => {
    seen.disconnect();
    painted();
  });
  seen.observe({ type: "paint", buffered: true });
  setTimeout(painted, 1000);
});
const base = document.baseURI;
const module = fetch(new URL(wasm, base), { credentials: "same-origin" });
const bindings = await import(new URL(glue, base));
await bindings.default({ module_or_path: module });
