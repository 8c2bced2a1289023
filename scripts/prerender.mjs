// Writes the page's opening view into the built page:
//   node scripts/prerender.mjs [DIST]   (default: dist; run after `trunk build --release`)
//
// The view is the app itself (the sample plan, in English), rendered to HTML by Yew's
// server renderer (`cargo run --features prerender --bin prerender`), so the summary,
// charts and tables paint with the HTML, before the wasm arrives. It stands in the page
// inert (nothing in it can be focused or typed into); the app draws itself hidden beside
// it and takes its place in one step. static/first-paint.js hides it on visits that will
// show another plan.
//
// What the view does not need is left out: the time-zone list for the pickers, the
// options a select does not show, and the ids and test ids (the app's own elements
// carry those; two of each would confuse labels, links and tests while both exist).
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export function prerenderedView() {
  const html = execFileSync(
    "cargo",
    ["run", "--quiet", "--locked", "--features", "prerender", "--bin", "prerender"],
    { encoding: "utf8", maxBuffer: 64 << 20, stdio: ["ignore", "pipe", "inherit"] },
  );
  const view = html
    .replace(/<datalist[^>]*>[\s\S]*?<\/datalist>/g, "")
    .replace(/<select([^>]*)>([\s\S]*?)<\/select>/g, (_, attributes, inner) => {
      const options = inner.match(/<option[^>]*>[\s\S]*?<\/option>/g) ?? [];
      const shown = options.find((o) => /\sselected\b/.test(o.slice(0, o.indexOf(">")))) ?? options[0] ?? "";
      return `<select${attributes}>${shown}</select>`;
    })
    .replace(/\s(?:id|data-testid|for|list|aria-labelledby|aria-describedby|aria-controls)="[^"]*"/g, "");
  if (/\sstyle="/.test(view)) throw new Error("the prerendered view has a style attribute, which the policy refuses");
  if (/<script/i.test(view)) throw new Error("the prerendered view has a script");
  return view;
}

export function writePrerender(dist) {
  const path = join(dist, "index.html");
  const page = readFileSync(path, "utf8");
  const slot = '<div id="prerender" inert></div>';
  if (!page.includes(slot)) throw new Error(`${path}: no empty ${slot} to fill`);
  const view = prerenderedView();
  writeFileSync(path, page.replace(slot, () => `<div id="prerender" inert>${view}</div>`));
  return view.length;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dist = process.argv[2] ?? "dist";
  const bytes = writePrerender(dist);
  console.log(`${dist}/index.html: the opening view prerendered (${bytes} bytes of HTML)`);
}
