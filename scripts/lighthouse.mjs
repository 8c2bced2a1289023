// Lighthouse 12.2.3 against the served release bundle, in Debian's Chromium.
//   node scripts/lighthouse.mjs [DIST]
// Prints the category scores (a report, not a test: it asserts nothing).
import lighthouse from "lighthouse";
import * as chromeLauncher from "chrome-launcher";
import { resolve } from "node:path";
import { serve, CHROMIUM, CHROMIUM_FLAGS } from "../tests/e2e/harness.mjs";

const server = await serve(resolve(process.argv[2] ?? "dist"));
const chrome = await chromeLauncher.launch({
  chromePath: CHROMIUM,
  chromeFlags: CHROMIUM_FLAGS,
});
try {
  for (const [name, settings] of [
    ["desktop", { formFactor: "desktop", screenEmulation: { mobile: false, width: 1350, height: 940, deviceScaleFactor: 1, disabled: false }, throttlingMethod: "provided" }],
    ["mobile", { throttlingMethod: "provided" }],
  ]) {
    const result = await lighthouse(server.url, { port: chrome.port, output: "json", logLevel: "error" }, {
      extends: "lighthouse:default",
      settings: { onlyCategories: ["performance", "accessibility", "best-practices", "seo"], ...settings },
    });
    const scores = Object.values(result.lhr.categories).map((c) => `${c.title} ${Math.round(c.score * 100)}`);
    console.log(`${name}: ${scores.join(", ")}`);
    for (const c of ["accessibility", "best-practices"]) {
      for (const ref of result.lhr.categories[c].auditRefs) {
        const audit = result.lhr.audits[ref.id];
        if (ref.weight > 0 && audit.score !== null && audit.score < 1) {
          console.log(`  ${c}: ${audit.id}: ${audit.title}`);
          for (const item of (audit.details?.items ?? []).slice(0, 6)) console.log(`    ${item.node?.snippet ?? JSON.stringify(item).slice(0, 160)}`);
        }
      }
    }
  }
} finally {
  await chrome.kill();
  await server.close();
}
