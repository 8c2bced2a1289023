// End to end: the first paint. The page carries the sample plan prerendered, painted
// with the HTML; the app draws itself hidden and takes its place in one step. A visit
// that will show another plan (a link, kept work, Japanese) never shows the sample's
// figures meanwhile. Each test holds the wasm back to look at the page before it runs.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { deflateRawSync } from "node:zlib";
import { useServerAndBrowser } from "./harness.mjs";

const shared = useServerAndBrowser({ before, after });

/**
 * A page whose wasm download waits until `release()` is called, with `setup` run in
 * the page before any of its scripts, and the layout shifts it goes through recorded.
 */
async function heldBack({ setup, arg } = {}) {
  const context = await shared.browser.newContext({ viewport: { width: 1440, height: 1000 } });
  if (setup) await context.addInitScript(setup, arg);
  await context.addInitScript(() => {
    window.__shifts = 0;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.__shifts += entry.value;
    }).observe({ type: "layout-shift", buffered: true });
  });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  let release;
  const released = new Promise((r) => (release = r));
  await page.route(/\.wasm$/, async (route) => {
    await released;
    await route.continue();
  });
  return { context, page, errors, release };
}

const linkTo = (json) =>
  `${shared.server.url}#s=${deflateRawSync(Buffer.from(JSON.stringify(json))).toString("base64url")}`;

test("the sample plan paints with the HTML, then the app takes its place without a shift", async () => {
  const { context, page, errors, release } = await heldBack();
  await page.goto(shared.server.url);
  const preview = page.locator("#prerender");
  await preview.waitFor({ state: "visible" });
  // Before any wasm: the headline, the summary, the risks and both charts are on screen
  // (the batch tables and the editors come with the app, below or beside them).
  const early = await preview.evaluate((el) => ({
    inert: el.inert,
    headline: el.querySelector(".headline")?.textContent,
    charts: el.querySelectorAll("figure.chart svg").length,
    tables: el.querySelectorAll("table").length,
    testIds: el.querySelectorAll("[data-testid]").length,
    ids: el.querySelectorAll("[id]").length,
  }));
  assert.equal(early.inert, true, "nothing in the stand-in can be typed into");
  assert.match(early.headline ?? "", /Done by 20\d\d-\d\d-\d\d/);
  assert.ok(early.charts >= 2, `${early.charts} charts`);
  assert.ok(early.tables >= 2, `${early.tables} tables: the summary and the risks`);
  assert.deepEqual([early.testIds, early.ids], [0, 0], "no ids for labels, links or tests to find twice");
  assert.equal(await page.locator("#app").isHidden(), true);

  release();
  const headline = page.getByTestId("headline");
  await headline.waitFor();
  assert.equal(await preview.count(), 0, "the stand-in is gone");
  assert.equal(await headline.textContent(), early.headline, "the app says what the stand-in said");
  // What is on screen comes with the app (the fleet is the last editor in view); the
  // editors below it and the two tables below the charts come in the frames after, where
  // nothing was (the layout shift check below would catch them moving anything); the
  // zone picker's names come once a zone field is focused.
  assert.ok(await page.getByTestId("fleet-groups-0--hosts").isVisible());
  await page.getByTestId("hosts").locator("tbody tr:not(.spacer)").first().waitFor();
  assert.equal(await page.locator("aside.inputs details.panel").count(), 7);
  assert.ok((await page.getByTestId("batches").locator("tbody tr").count()) > 10);
  await page.getByTestId("fleet-groups-0--time-zone").focus();
  await page.locator("datalist#zones option").nth(100).waitFor({ state: "attached" });
  const shifts = await page.evaluate(() => window.__shifts);
  assert.ok(shifts <= 0.02, `layout shift ${shifts}`);
  assert.deepEqual(errors, []);
  await context.close();
});

const other = {
  "a scenario link": { url: async () => {
    const json = JSON.parse(await readFile("examples/ms05-021-two-sites.json", "utf8"));
    json.fleet.groups[0].hosts = 25;
    return linkTo(json);
  }, hosts: "311" },
  "work kept from an earlier visit": {
    setup: (json) => location.protocol === "http:" && localStorage.setItem("patchcast.scenario", json),
    arg: await (async () => {
      const json = JSON.parse(await readFile("examples/ms05-021-two-sites.json", "utf8"));
      json.fleet.groups[0].hosts = 30;
      return JSON.stringify(json);
    })(),
    hosts: "316",
  },
  "a Japanese page": { setup: () => location.protocol === "http:" && localStorage.setItem("patchcast.lang", "ja"), hosts: "298" },
};

for (const [what, visit] of Object.entries(other)) {
  test(`with ${what}, the sample's figures are never on screen`, async () => {
    const { context, page, errors, release } = await heldBack(visit);
    await page.goto(visit.url ? await visit.url() : shared.server.url);
    await page.locator("#prerender").waitFor({ state: "attached" });
    assert.equal(await page.locator("#prerender").isHidden(), true, "the sample plan is hidden");
    release();
    const hosts = page.getByTestId("summary-hosts");
    await hosts.waitFor();
    assert.equal(await hosts.textContent(), visit.hosts);
    assert.equal(await page.locator("#prerender").count(), 0);
    assert.deepEqual(errors, []);
    await context.close();
  });
}
