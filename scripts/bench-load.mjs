// First paint of the release bundle against a minimal Yew 0.23 page, as Lighthouse
// measures by default (12.2.3: mobile = Moto G-class emulation, simulated slow 4G and 4x
// CPU slowdown; desktop = its desktop preset), median of RUNS runs each, both pages served
// from 127.0.0.1 by the same server, with gzip and without.
//   node scripts/bench-load.mjs [RUNS]      (default 3; builds what is missing)
// A report, not a test: it prints the medians and the ratios and asserts nothing.
import lighthouse from "lighthouse";
import desktopConfig from "lighthouse/core/config/desktop-config.js";
import * as chromeLauncher from "chrome-launcher";
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { CHROMIUM, CHROMIUM_FLAGS } from "../tests/e2e/harness.mjs";
import { serve } from "./static-server.mjs";

const runs = Number(process.argv[2] ?? 3);
const minimal = resolve("benches/minimal-yew");
if (!existsSync(resolve(minimal, "dist/index.html"))) {
  execFileSync("trunk", ["build", "--release"], { cwd: minimal, stdio: "inherit" });
}
if (!existsSync(resolve("dist/index.html"))) execFileSync("./scripts/build.sh", { stdio: "inherit" });

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const chrome = await chromeLauncher.launch({ chromePath: CHROMIUM, chromeFlags: CHROMIUM_FLAGS });
const rows = [];
try {
  for (const gzip of [true, false]) {
    const servers = {
      "minimal Yew": await serve(resolve(minimal, "dist"), { gzip }),
      Patchcast: await serve(resolve("dist"), { gzip }),
    };
    for (const [formFactor, config] of [["mobile", undefined], ["desktop", desktopConfig]]) {
      for (const [page, server] of Object.entries(servers)) {
        const samples = [];
        for (let i = 0; i < runs; i++) {
          const result = await lighthouse(
            server.url,
            { port: chrome.port, output: "json", logLevel: "error", onlyCategories: ["performance"] },
            config,
          );
          const a = result.lhr.audits;
          samples.push({
            score: result.lhr.categories.performance.score * 100,
            fcp: a["first-contentful-paint"].numericValue,
            lcp: a["largest-contentful-paint"].numericValue,
            tbt: a["total-blocking-time"].numericValue,
            cls: a["cumulative-layout-shift"].numericValue,
          });
        }
        const m = (k) => median(samples.map((s) => s[k]));
        rows.push({ gzip, formFactor, page, score: m("score"), fcp: m("fcp"), lcp: m("lcp"), tbt: m("tbt"), cls: m("cls") });
      }
    }
    for (const s of Object.values(servers)) await s.close();
  }
} finally {
  await chrome.kill();
}
console.log(`Lighthouse 12.2.3 defaults, median of ${runs} runs each`);
console.log("| served | form | page | performance | FCP | LCP | TBT | CLS |");
console.log("|---|---|---|---:|---:|---:|---:|---:|");
for (const r of rows) {
  console.log(`| ${r.gzip ? "gzip" : "plain"} | ${r.formFactor} | ${r.page} | ${Math.round(r.score)} | ${(r.fcp / 1000).toFixed(2)} s | ${(r.lcp / 1000).toFixed(2)} s | ${Math.round(r.tbt)} ms | ${r.cls.toFixed(3)} |`);
}
for (const gzip of [true, false]) {
  for (const formFactor of ["mobile", "desktop"]) {
    const [base, ours] = ["minimal Yew", "Patchcast"].map((p) => rows.find((r) => r.gzip === gzip && r.formFactor === formFactor && r.page === p));
    console.log(`${gzip ? "gzip" : "plain"} ${formFactor}: LCP ratio ${(ours.lcp / base.lcp).toFixed(2)}, FCP ratio ${(ours.fcp / base.fcp).toFixed(2)}`);
  }
}
