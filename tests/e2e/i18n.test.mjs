// End to end: Japanese and English, and accessibility in both.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { openPlanner, useServerAndBrowser, downloadFrom } from "./harness.mjs";

const shared = useServerAndBrowser({ before, after });

const open = (url) => openPlanner(shared, url);

async function toJapanese(page) {
  await page.getByTestId("language").selectOption("ja");
  await page.getByTestId("status").getByText("計画は最新です。").waitFor();
}

// Words that are data, names or codes, the same in both languages.
const NAMES = `Patchcast English MS05-021 KB894549 KB870540 Exchange Server SP1 SP3 Exchange2000 Exchange2003
  x86 JPN exe IIS SMTP FTP NNTP Windows Update SUS MBSA CSV ics UTC IANA p50 p90 HH MM YYYY DD ex2000 ex2003 ex5
  Markdown MediaWiki Confluence SVG PNG
  sp1 sp2 sp3 sp4 Asia Tokyo Europe Berlin Frankfurt yes`;
// The inventory file's header, quoted as the file must spell it (the set column followed
// by its Japanese gloss or the word for column, so that a stray English "set" is still
// found).
const COLUMNS = ["name, edition", "site, internet_facing, prerequisite_present", "time_zone", "set（", "set 列"];

/** The texts a planner typed into a scenario: names, sites, zones, editions, dates. */
function dataNames(scenario) {
  const keys = new Set(["name", "site", "time_zone", "edition", "start", "start_time_zone", "advisory_preset"]);
  const lists = new Set(["blackouts", "sites", "host_names", "names", "ids"]);
  const out = [];
  const walk = (value, key) => {
    if (typeof value === "string" && keys.has(key)) out.push(value);
    else if (Array.isArray(value)) value.forEach((v) => (lists.has(key) && typeof v === "string" ? out.push(v) : walk(v, key)));
    else if (value && typeof value === "object") Object.entries(value).forEach(([k, v]) => walk(v, k));
  };
  walk(scenario, "");
  return out.filter((n) => n.length > 0);
}

test("the Japanese screen check catches ordinary English words", () => {
  const names = dataNames({ name: "MS05-021 rollout", fleet: { groups: [{ name: "tokyo-internal", hosts: 60 }] } });
  assert.deepEqual(names, ["MS05-021 rollout", "tokyo-internal"]);
  assert.ok(!names.includes("hosts") && !names.includes("internal"));
});

test("switched to Japanese, the main screen has no English left, and the choice is remembered", async () => {
  const { page, problems } = await open();
  const download = await downloadFrom(page, "save-file");
  const scenarioText = await readFile(await download.path(), "utf8");
  await toJapanese(page);
  assert.equal(await page.evaluate(() => document.documentElement.lang), "ja");
  // The planner's own names (groups, sites, windows, phases…) may stay as typed: they are
  // cut out of the page's text whole, so an English word inside one ("tokyo-internal")
  // does not excuse the same word elsewhere. The scenario's field names are not names.
  const names = [...COLUMNS, ...dataNames(JSON.parse(scenarioText))].sort((a, b) => b.length - a.length);
  const allowed = new Set(NAMES.match(/[A-Za-z][A-Za-z0-9]*/g));
  let text = await page.evaluate(() => document.body.innerText);
  for (const name of names) text = text.split(name).join(" ");
  const english = [...new Set(text.match(/[A-Za-z][A-Za-z0-9]{2,}/g) ?? [])].filter((w) => !allowed.has(w));
  assert.deepEqual(english, [], `English words left on the Japanese screen: ${english.join(", ")}`);
  await page.screenshot({ path: "tests/e2e/artifacts/planner-ja.png" });

  // Messages follow the language too.
  await page.getByTestId("fleet-groups-1--hosts").fill("六十");
  const error = await page.getByTestId("fleet-groups-1--hosts-error").textContent();
  assert.match(error, /整数/);
  await page.getByTestId("fleet-groups-1--hosts").fill("60");

  // The language is remembered.
  await page.reload();
  await page.getByTestId("status").getByText("計画は最新です。").waitFor();
  assert.deepEqual(problems(), []);
});

test("downloads follow the chosen language", async () => {
  const { page, problems } = await open();
  await toJapanese(page);
  const download = await downloadFrom(page, "download-batches");
  const body = await readFile(await download.path(), "utf8");
  assert.ok(body.startsWith("\ufeffバッチ,フェーズ,作業"), body.slice(0, 40));
  assert.match(body, /パイロット/);
  assert.deepEqual(problems(), []);
});

for (const lang of ["en", "ja"]) {
  test(`axe-core finds no WCAG 2.2 AA violation (${lang})`, async () => {
    const { page, problems } = await open();
    if (lang === "ja") await toJapanese(page);
    // With a completion target, so the target's row and the solver's answer, table and
    // chart are checked too.
    await page.getByTestId("add-target-custom").click();
    await page.getByTestId("targets-0--within").fill("8d18h");
    await page.getByTestId("solver-table").waitFor();
    // Every editor open (the folded advisory too: its table folds onto two lines beside
    // the plan) and the Download menu open, so their contents are checked as well.
    await page.evaluate(() => document.querySelectorAll("details.panel").forEach((d) => (d.open = true)));
    await page.getByTestId("advisory-editions-0--name").waitFor();
    await page.getByTestId("open-downloads").click();
    await page.getByTestId("download-batches").waitFor();
    // Evaluated through the devtools protocol, which the page's own policy does not govern.
    await page.evaluate(await readFile("node_modules/axe-core/axe.min.js", "utf8"));
    const result = await page.evaluate(() =>
      axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa"] } }),
    );
    const found = result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join("; ")})`);
    assert.deepEqual(found, []);
    assert.deepEqual(problems(), []);
  });
}

/**
 * What a narrow screen does wrong: the page scrolling sideways, a button or heading
 * stacked a character or two a line, a table sticking out of its section instead of
 * fitting or scrolling inside itself.
 */
function narrowProblems() {
  const out = [];
  if (document.documentElement.scrollWidth > innerWidth) out.push(`the page is ${document.documentElement.scrollWidth} px wide`);
  for (const el of document.querySelectorAll("button, label.button, th")) {
    const text = el.textContent.trim();
    // The lines the text itself takes (a header's cell may be taller than its text).
    const range = document.createRange();
    range.selectNodeContents(el);
    const rects = [...range.getClientRects()].filter((r) => r.width > 1);
    const lines = new Set(rects.map((r) => Math.round(r.bottom))).size;
    if (text.length > 3 && lines > 2 && text.length / lines < 3) out.push(`"${text}" stacks ${lines} lines`);
  }
  for (const table of document.querySelectorAll("table")) {
    const r = table.getBoundingClientRect();
    if (!r.width) continue;
    const scroller = table.closest(".table-scroll, .virtual");
    const box = (scroller ?? table.closest(".panel") ?? document.body).getBoundingClientRect();
    if (!scroller && r.right > box.right + 1) out.push(`table ${table.dataset.testid ?? table.className} sticks out by ${Math.round(r.right - box.right)} px`);
  }
  return out;
}

for (const [width, height] of [[390, 844], [1280, 1000], [1440, 1000]]) {
  for (const lang of ["en", "ja"]) {
    test(`at ${width} px (${lang}) nothing stacks a character a line or sticks out`, async () => {
      const { page, problems } = await open();
      await page.setViewportSize({ width, height });
      if (lang === "ja") await toJapanese(page);
      await page.evaluate(() => document.querySelectorAll("details.panel").forEach((d) => (d.open = true)));
      await page.getByTestId("add-target-0").click();
      await page.getByTestId("solver-table").waitFor();
      await page.getByTestId("customise-phases").click();
      await page.getByTestId("phase-0").waitFor();
      assert.deepEqual(await page.evaluate(narrowProblems), []);
      assert.deepEqual(problems(), []);
    });
  }
}
