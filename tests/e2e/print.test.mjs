// End to end: "Print summary", the change-approval summary a change-advisory board reads,
// printed to PDF by Chromium on A4: what it shows, and that it fits on two pages in
// either language, for the sample and for a six-site, ten-phase rollout.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFile, writeFile, mkdir } from "node:fs/promises";
import { deflateRawSync } from "node:zlib";
import { openPlanner, useServerAndBrowser } from "./harness.mjs";

const shared = useServerAndBrowser({ before, after });

const linkTo = (json) =>
  `${shared.server.url}#s=${deflateRawSync(Buffer.from(JSON.stringify(json))).toString("base64url")}`;

/** Pages in a PDF Chromium wrote: one `/Type /Page` object each. */
const pageCount = (pdf) => (pdf.toString("latin1").match(/\/Type\s*\/Page(?!s)/g) ?? []).length;

/** The two-site example grown to six sites in six zones and ten phases, failure rate set. */
async function largeRollout() {
  const s = JSON.parse(await readFile("examples/ms05-021-two-sites.json", "utf8"));
  s.name = "MS05-021 rollout, six sites, ten phases";
  const sites = [
    ["New York", "America/New_York"],
    ["London", "Europe/London"],
    ["Sydney", "Australia/Sydney"],
    ["São Paulo", "America/Sao_Paulo"],
  ];
  for (const [site, zone] of sites) {
    const key = site.toLowerCase().replace(/\W+/g, "-");
    s.fleet.groups.push(
      { name: `${key}-edge`, edition: "ex2000-sp3", hosts: 8, site, time_zone: zone, internet_facing: 8, prerequisite_present: 8, criticality: "high" },
      { name: `${key}-2003`, edition: "ex2003-sp1", hosts: 120, site, time_zone: zone, internet_facing: 0, prerequisite_present: 0, criticality: "normal" },
    );
  }
  s.capacity.failure_rate_percent = 1;
  s.phases = [
    { name: "Prerequisite KB870540", take: "prerequisite", soak_hours: 24 },
    { name: "Pilot", take: "pilot", hosts: 6, soak_hours: 24, failure_threshold_percent: 20 },
    { name: "Internet-facing", take: "tier", tier: "internet_anonymous", soak_hours: 12, failure_threshold_percent: 10 },
    { name: "Tokyo internal", take: "groups", names: ["tokyo-internal"], soak_hours: 12 },
    { name: "Exchange 2003 canary", take: "pilot_percent", percent: 10, soak_hours: 12 },
    { name: "New York", take: "groups", names: ["new-york-2003"], soak_hours: 6 },
    { name: "London", take: "groups", names: ["london-2003"], soak_hours: 6 },
    { name: "Sydney", take: "groups", names: ["sydney-2003"], soak_hours: 6 },
    { name: "São Paulo", take: "groups", names: ["s-o-paulo-2003"], soak_hours: 6 },
    { name: "Everything else", take: "rest", soak_hours: 0 },
  ];
  return s;
}

for (const lang of ["en", "ja"]) {
  for (const which of ["sample", "large"]) {
    test(`the change-approval summary fits two A4 pages (${which}, ${lang})`, async () => {
      const url = which === "large" ? linkTo(await largeRollout()) : undefined;
      const { page, problems } = await openPlanner(shared, url);
      if (lang === "ja") await page.getByTestId("language").selectOption("ja");
      if (which === "large") {
        await page.getByTestId("summary-hosts").getByText("810", { exact: true }).waitFor();
        assert.equal(await page.locator('[data-testid="phases-table"] tbody tr').count(), 10);
      }
      await page.getByTestId("print-summary").waitFor();
      // What the board reads, and what it does not need.
      await page.emulateMedia({ media: "print" });
      const shown = async (selector) => page.locator(selector).first().isVisible();
      for (const s of [".print-title", '[data-testid="headline"]', '[data-testid="summary"]', '[data-testid="phases-table"]',
        '[data-testid="urgency"]', '[data-testid="gantt"]', '[data-testid="exposure-chart"]']) {
        assert.ok(await shown(s), `${s} is printed`);
      }
      for (const s of ["aside.inputs", ".toolbar", '[data-testid="solver-section"]', '[data-testid="batches"]']) {
        assert.equal(await shown(s), false, `${s} is not printed`);
      }
      const title = await page.locator(".print-title").textContent();
      assert.match(title, /MS05-021 \(KB894549\)/);
      assert.match(title, lang === "ja" ? /変更承認用の概要/ : /Change-approval summary/);
      await page.emulateMedia({ media: null });

      const pdf = await page.pdf({ format: "A4" });
      await mkdir("tests/e2e/artifacts", { recursive: true });
      await writeFile(`tests/e2e/artifacts/summary-${which}-${lang}.pdf`, pdf);
      const pages = pageCount(pdf);
      console.log(`print: ${which} (${lang}) on ${pages} A4 page(s)`);
      assert.ok(pages >= 1 && pages <= 2, `${pages} pages`);
      assert.deepEqual(problems(), []);
    });
  }
}
