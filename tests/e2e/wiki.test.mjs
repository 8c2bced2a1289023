// End to end: the plan for wikis without iframes — markup copied to the clipboard and
// downloaded, the charts downloaded as SVG and PNG — under the strict policy.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { useSecuredServerAndBrowser } from "./harness.mjs";

const shared = useSecuredServerAndBrowser({ before, after });

async function openMenu() {
  const context = await shared.browser.newContext({ acceptDownloads: true });
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: shared.server.origin });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  await page.goto(shared.server.url);
  await page.getByTestId("summary").waitFor();
  await page.getByTestId("wiki-menu").locator("summary").click();
  return { context, page, errors };
}

const download = async (page, testid) => {
  const [file] = await Promise.all([page.waitForEvent("download"), page.getByTestId(testid).click()]);
  return { name: file.suggestedFilename(), body: await readFile(await file.path()) };
};

test("Copy for wiki puts the page in the chosen markup on the clipboard", async () => {
  const { context, page, errors } = await openMenu();
  for (const [markup, start] of [
    ["markdown", "# MS05-021 rollout"],
    ["mediawiki", "== <nowiki>MS05-021 rollout"],
    ["confluence", "<h1>MS05-021 rollout"],
  ]) {
    await page.getByTestId("wiki-markup").selectOption(markup);
    await page.getByTestId("wiki-copy").click();
    // The copy lands once the browser has deflated the link.
    await page.waitForFunction(async (s) => (await navigator.clipboard.readText()).startsWith(s), start);
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    assert.ok(copied.startsWith(start), `${markup}: ${copied.slice(0, 60)}`);
    assert.match(copied, /#s=[A-Za-z0-9_-]+/, `${markup} links the scenario`);
    assert.match(copied, /MS05-021-gantt-2026-12-07\.svg/);
  }
  const md = await download(page, "wiki-download");
  assert.equal(md.name, "MS05-021-wiki-2026-12-07.xml");
  assert.deepEqual(errors, []);
  await context.close();
});

test("the charts download as standalone SVG and as PNG", async () => {
  const { context, page, errors } = await openMenu();
  const svg = await download(page, "gantt-svg");
  assert.equal(svg.name, "MS05-021-gantt-2026-12-07.svg");
  const text = svg.body.toString("utf8");
  assert.ok(text.startsWith("<svg") && text.includes("<title>") && text.includes('fill="#ffffff"'));
  const png = await download(page, "exposure-png");
  assert.equal(png.name, "MS05-021-exposure-2026-12-07.png");
  assert.deepEqual([...png.body.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], "a PNG file");
  // 640×322 (the chart and a row of legend under it) drawn at twice the size.
  assert.equal(png.body.readUInt32BE(16), 1280);
  assert.equal(png.body.readUInt32BE(20), 644);
  assert.deepEqual(errors, []);
  await context.close();
});
