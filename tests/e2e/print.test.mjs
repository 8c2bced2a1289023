// End to end: "Print summary", the change-approval summary a change-advisory board reads,
// printed to PDF by Chromium on A4: what it shows (the change number, start, windows,
// blackouts, capacity, targets, back-out plan and approver lines the planner filled in),
// what it leaves out (editors, notices), that badges keep their colours without
// background graphics, and that it fits on two pages, used well, in either language, for
// the sample and for a six-site, ten-phase rollout.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFile, writeFile, mkdir } from "node:fs/promises";
import { deflateRawSync } from "node:zlib";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import { openPlanner, useServerAndBrowser } from "./harness.mjs";

const shared = useServerAndBrowser({ before, after });

const linkTo = (json) =>
  `${shared.server.url}#s=${deflateRawSync(Buffer.from(JSON.stringify(json))).toString("base64url")}`;

/** Pages in a PDF Chromium wrote: one `/Type /Page` object each. */
const pageCount = (pdf) => (pdf.toString("latin1").match(/\/Type\s*\/Page(?!s)/g) ?? []).length;

/**
 * Each page of a PDF: how much of its printable height (inside the 12 mm margins) is
 * blank below its last line of text.
 */
async function blankBelow(pdf) {
  const doc = await getDocument({ data: new Uint8Array(pdf), isEvalSupported: false }).promise;
  const margin = (12 / 25.4) * 72;
  const out = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const page = await doc.getPage(i);
    const height = page.view[3] - page.view[1];
    const ys = (await page.getTextContent()).items.filter((t) => t.str.trim()).map((t) => t.transform[5]);
    out.push((Math.min(...ys) - margin) / (height - 2 * margin));
  }
  await doc.destroy();
  return out;
}

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
      // The sample opens from a broken link: its notice is for the screen, not the paper.
      const url = which === "large" ? linkTo(await largeRollout()) : `${shared.server.url}#s=broken`;
      const { page, problems } = await openPlanner(shared, url);
      if (lang === "ja") await page.getByTestId("language").selectOption("ja");
      if (which === "sample") {
        await page.getByTestId("notice").waitFor();
        // The change record, as a planner fills it in (the back-out plan left to the plan).
        await page.getByTestId("change-ticket").fill("CHG0012345");
        await page.getByTestId("change-approvers").fill("Change manager\nExchange service owner\n\nSecurity officer");
        await page.getByTestId("backout-generated").waitFor();
      }
      if (which === "large") {
        await page.getByTestId("summary-hosts").getByText("810", { exact: true }).waitFor();
        assert.equal(await page.locator('[data-testid="phases-table"] tbody tr').count(), 10);
      }
      await page.getByTestId("print-summary").waitFor();
      // The forecast: how sure the finish is, in the headline.
      await page.getByTestId("headline-forecast").waitFor({ timeout: 60_000 });
      // What the board reads, and what it does not need.
      await page.emulateMedia({ media: "print" });
      const shown = async (selector) => page.locator(selector).first().isVisible();
      for (const s of [".print-title", '[data-testid="headline"]', '[data-testid="summary"]', '[data-testid="phases-table"]',
                '[data-testid="urgency"]', '[data-testid="gantt"]', '[data-testid="exposure-chart"]', '[data-testid="headline-forecast"]']) {
        assert.ok(await shown(s), `${s} is printed`);
      }
      for (const s of ['[data-testid="change-facts"]', '[data-testid="sign-off"]']) {
        assert.ok(await shown(s), `${s} is printed`);
      }
      for (const s of ["aside.inputs", ".toolbar", '[data-testid="solver-section"]', '[data-testid="batches"]',
        '[data-testid="notice"]', '[data-testid="status"]', ".masthead"]) {
        assert.equal(await shown(s), false, `${s} is not printed`);
      }
      const title = await page.locator(".print-title").textContent();
      assert.match(title, /MS05-021 \(KB894549\)/);
      assert.match(title, lang === "ja" ? /変更承認用の概要/ : /Change-approval summary/);
      const facts = await page.getByTestId("change-facts").textContent();
      const t = (en, ja) => (lang === "ja" ? ja : en);
      for (const word of [t("Starts", "開始"), t("Windows", "ウィンドウ"), t("Blackouts", "除外日"), t("Capacity", "作業能力")]) {
        assert.ok(facts.includes(word), `${word} in ${facts}`);
      }
      assert.match(facts, /UTC\+9 Asia\/Tokyo/);
      const backout = page.getByTestId("backout").locator("li");
      assert.ok((await backout.count()) >= 2, "the back-out plan comes from the plan's thresholds and the uninstall");
      assert.match(await backout.last().textContent(), /KB894549/);
      const approvers = page.getByTestId("approvals").locator("tbody tr");
      if (which === "sample") {
        assert.match(title, /CHG0012345/);
        assert.deepEqual(await approvers.locator("td:first-child").allTextContents(),
          ["Change manager", "Exchange service owner", "Security officer"]);
      } else {
        assert.equal(await approvers.count(), 2, "blank lines to sign when no approver is named");
      }
      // White-on-colour badges and the colour keys print without the browser's background graphics.
      for (const s of [".headline .badge", '[data-testid="phases-table"] .swatch']) {
        const adjust = await page.locator(s).first().evaluate((e) => getComputedStyle(e).printColorAdjust);
        assert.equal(adjust, "exact", `${s} keeps its colours`);
      }
      await page.emulateMedia({ media: null });

      const pdf = await page.pdf({ format: "A4" });
      await mkdir("tests/e2e/artifacts", { recursive: true });
      await writeFile(`tests/e2e/artifacts/summary-${which}-${lang}.pdf`, pdf);
      const pages = pageCount(pdf);
      const blank = await blankBelow(pdf);
      console.log(`print: ${which} (${lang}) on ${pages} A4 page(s), blank below the text: ${blank.map((b) => `${Math.round(b * 100)} %`).join(", ")}`);
      assert.ok(pages >= 1 && pages <= 2, `${pages} pages`);
      // Pages used well: no page but the last ends a quarter blank, and the sample (two
      // pages' worth) leaves less than half of its second page blank.
      assert.ok(blank.slice(0, -1).every((b) => b < 0.25), `blank below the text: ${blank}`);
      if (which === "sample") assert.ok(pages === 2 && blank[1] < 0.5, `blank below the text: ${blank}`);
      assert.deepEqual(problems(), []);
    });
  }
}
