// The standalone page mounts the console like any host page would, with
// config.json (served beside the app) as its engine settings. It is a file,
// not an inline script, so the page starts under a strict
// Content-Security-Policy (script-src 'self' 'wasm-unsafe-eval'). Trunk's
// script pattern (Trunk.toml) names the built files on this script's tag.
const tag = document.querySelector("script[data-switchboard-js]");
const base = new URL(document.baseURI).pathname.replace(/\/$/, "");
const { default: init, mount } = await import(tag.dataset.switchboardJs);
await init({ module_or_path: tag.dataset.switchboardWasm });
mount(document.getElementById("switchboard-app"), {
  basePath: base,
  configUrl: `${base}/config.json`,
  setDocumentTitle: true,
});
