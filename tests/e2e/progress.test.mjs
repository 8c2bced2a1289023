// End to end: following a rollout. A planner approves the sample plan, marks what
// happened from the batches table (one batch as planned, one 30 minutes late, one failed),
// loses a window opening, and the rest is planned again; the progress survives a reload
// and travels in a link and a scenario file.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { useServerAndBrowser, watchedPage, downloadFrom } from "./harness.mjs";

const shared = useServerAndBrowser({ before, after });

/** The page on a clock fixed at 09:30 in Tokyo on the sample's first day. */
async function openAt(url = shared.server.url) {
  const watched = await watchedPage(shared.browser, shared.server.origin);
  await watched.page.clock.setFixedTime(new Date("2026-12-07T00:30:00Z"));
  await watched.page.setViewportSize({ width: 1440, height: 1000 });
  await watched.page.goto(url);
  await watched.page.getByTestId("summary").waitFor();
  return watched;
}

const headline = (page) => page.getByTestId("headline").textContent();
const statuses = (page) =>
  page.locator('[data-testid^="batch-status-"]').evaluateAll((cells) => cells.map((c) => `${c.dataset.testid}=${c.textContent}`));

test("approve the sample, mark batches done, late and failed, lose a window: the rest is replanned and kept", async () => {
  const { page, problems } = await openAt();
  await page.getByTestId("approve").click();
  await page.getByTestId("progress-status").getByText("Rollout in progress: 0 of 298 hosts done").waitFor();
  assert.match(await headline(page), /^.*Rollout in progress: 0 of 298 hosts done.*as approved/);
  assert.equal(await page.getByTestId("batch-status-1").textContent(), "as approved");

  // Batch 1 (the prerequisite at Tokyo) done as planned.
  await page.getByTestId("mark-done-1").click();
  await page.getByTestId("batch-status-1").getByText("done").waitFor();
  // Batch 2 (the pilot at Tokyo) done, 30 minutes after its planned end.
  const planned = await page.locator('[data-testid="batches"] tbody tr:not(.spacer)').nth(1).locator("td").nth(1).textContent();
  await page.getByTestId("mark-other-2").click();
  const at = page.getByTestId("mark-at");
  const end = (await at.inputValue()).match(/^(\d{4}-\d\d-\d\d) (\d\d):(\d\d)$/);
  assert.ok(end && planned.startsWith(`${end[1]} ${end[2]}:${end[3]}`), `${await at.inputValue()} against ${planned}`);
  const late = new Date(Date.UTC(2000, 0, 1, +end[2], +end[3] + 30));
  await at.fill(`${end[1]} ${String(late.getUTCHours()).padStart(2, "0")}:${String(late.getUTCMinutes()).padStart(2, "0")}`);
  await page.getByTestId("mark-record").click();
  await page.getByTestId("mark-form").waitFor({ state: "detached" });
  // Batch 3 failed: its host is tried again in Tokyo's next opening.
  await page.getByTestId("mark-other-3").click();
  await page.getByTestId("mark-status").selectOption("failed");
  await page.getByTestId("mark-record").click();
  await page.getByTestId("progress-status").getByText(/2 of 298 hosts done, 1 to be retried/).waitFor();
  // An incident takes the first opening still planned.
  const lost = await page.getByTestId("lost-opening").locator("option").first().textContent();
  await page.getByTestId("mark-lost").click();
  await page.getByTestId("progress-events").getByText("4 records.").waitFor();
  assert.notEqual(await page.getByTestId("lost-opening").locator("option").first().textContent(), lost);

  const text = await headline(page);
  assert.match(text, /Rollout in progress: 2 of 298 hosts done, 1 to be retried; 295 to go\./);
  assert.match(text, /Forecast to be done by .*, (\d+ (d|h|min)( \d+ (h|min))? later than approved)/, text);
  // The batches table tells done, replanned and moved batches apart.
  const seen = await statuses(page);
  assert.ok(seen.includes("batch-status-1=done") && seen.includes("batch-status-2=done"), seen.join(" "));
  assert.ok(seen.some((s) => /=replanned$/.test(s)), `the failed host's retry: ${seen.join(" ")}`);
  assert.ok(seen.some((s) => /later than approved$/.test(s)), `moved batches: ${seen.join(" ")}`);
  // Each phase's forecast beside its approved end.
  assert.match(await page.getByTestId("phases-table").textContent(), /Approved end.*Against approved/);

  // Reload: the same progress.
  await page.waitForFunction(() => JSON.parse(localStorage.getItem("patchcast.scenario") ?? "{}").progress?.events?.length === 4);
  await page.reload();
  await page.getByTestId("summary").waitFor();
  await page.getByTestId("progress-status").waitFor();
  assert.equal(await headline(page), text);

  // A link carries it.
  await page.getByTestId("copy-link").click();
  const link = await page.getByTestId("share-link").inputValue();
  const linked = await openAt(link);
  await linked.page.getByTestId("progress-status").waitFor();
  assert.equal(await headline(linked.page), text);

  // So does a scenario file.
  const download = await downloadFrom(page, "save-file");
  const saved = await readFile(await download.path(), "utf8");
  assert.match(saved, /"version": 4/);
  assert.match(saved, /"progress": \{/);
  const dir = await mkdtemp(join(tmpdir(), "patchcast-"));
  await writeFile(join(dir, "rollout.json"), saved);
  const opened = await openAt();
  await opened.page.getByTestId("open-file").setInputFiles(join(dir, "rollout.json"));
  await opened.page.getByTestId("progress-status").waitFor();
  assert.equal(await headline(opened.page), text);

  // The last mark (the lost opening) can be taken back.
  await page.getByTestId("undo-mark").click();
  await page.getByTestId("progress-events").getByText("3 records.").waitFor();
  assert.equal(await page.getByTestId("lost-opening").locator("option").first().textContent(), lost);
  assert.deepEqual([...problems(), ...linked.problems(), ...opened.problems()], []);
});

test("a recorded time that cannot be read is refused beside its field, and nothing is recorded", async () => {
  const { page, problems } = await openAt();
  await page.getByTestId("approve").click();
  await page.getByTestId("mark-other-1").click();
  await page.getByTestId("mark-at").fill("tonight");
  await page.getByTestId("mark-record").click();
  await page.getByText("Enter a date and time, such as 2026-12-09 08:00.").waitFor();
  assert.equal(await page.getByTestId("progress-events").textContent(), "Nothing recorded yet.");
  await page.getByTestId("progress-now").fill("next week");
  await page.getByTestId("progress-now-error").getByText("Enter a date and time, such as 2026-12-09 08:00.").waitFor();
  // While the status time does not read, the batches cannot be marked (the plan on screen
  // is not that of the inputs); the record stays as it was.
  assert.equal(await page.getByTestId("mark-done-1").count(), 0);
  assert.equal(await page.getByTestId("progress-events").textContent(), "Nothing recorded yet.");
  assert.deepEqual(problems(), []);
});

test("progress filled in the batches CSV imports as marks; a line that cannot be read is refused by its number", async () => {
  const { page, problems } = await openAt();
  await page.getByTestId("approve").click();
  await page.getByTestId("progress-status").waitFor();
  const csv = await readFile(await (await downloadFrom(page, "download-batches")).path(), "utf8");
  const lines = csv.replace(/^\uFEFF/, "").split("\r\n");
  const header = lines[0].split(",");
  assert.deepEqual(header.slice(-3), ["status", "finished_at", "failed_hosts"]);
  // Batches 1 and 2 done (the second with its last host failed), as an operator fills them.
  const fill = (line, status, failed) => line.replace(/,,,$/, `,${status},,${failed}`);
  const filled = [...lines];
  filled[1] = fill(lines[1], "done", "");
  filled[2] = fill(lines[2], "done", "1");
  const dir = await mkdtemp(join(tmpdir(), "patchcast-"));
  await writeFile(join(dir, "bad.csv"), [lines[0], fill(lines[1], "finished", ""), ...lines.slice(2)].join("\r\n"));
  await page.getByTestId("import-progress").setInputFiles(join(dir, "bad.csv"));
  await page.getByTestId("progress-notice").getByText(/line 2: "finished" is not a status/).waitFor();
  assert.equal(await page.getByTestId("progress-events").textContent(), "Nothing recorded yet.");

  await writeFile(join(dir, "progress.csv"), "\uFEFF" + filled.join("\r\n"));
  await page.getByTestId("import-progress").setInputFiles(join(dir, "progress.csv"));
  await page.getByTestId("progress-notice").getByText("Recorded 2 line(s) of progress from progress.csv").waitFor();
  await page.getByTestId("progress-status").getByText(/1 of 298 hosts done, 1 to be retried/).waitFor();
  assert.equal(await page.getByTestId("batch-status-1").textContent(), "done");
  // One undo takes the whole import back.
  await page.getByTestId("undo-mark").click();
  await page.getByTestId("progress-events").getByText("Nothing recorded yet.").waitFor();
  assert.deepEqual(problems(), []);
});

for (const lang of ["en", "ja"]) {
  test(`a rollout in progress: axe-core finds no WCAG 2.2 AA violation, and every word is in the page's language (${lang})`, async () => {
    const { page, problems } = await openAt();
    if (lang === "ja") {
      await page.getByTestId("language").selectOption("ja");
      await page.getByTestId("status").getByText("計画は最新です。").waitFor();
    }
    await page.getByTestId("approve").click();
    await page.getByTestId("mark-done-1").click();
    await page.getByTestId("progress-events").getByText(lang === "en" ? "1 record." : "記録1件。").waitFor();
    await page.getByTestId("mark-other-2").click();
    await page.getByTestId("mark-form").waitFor();
    // The form takes the focus from the button that opened it.
    assert.equal(await page.evaluate(() => document.activeElement?.id), "mark-status");
    await page.evaluate(await readFile("node_modules/axe-core/axe.min.js", "utf8"));
    const result = await page.evaluate(() =>
      axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa"] } }),
    );
    const found = result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join("; ")})`);
    assert.deepEqual(found, []);
    if (lang === "ja") {
      // The Progress section, the mark form and the batches' statuses: no English words
      // but names (sites, phases, packages) and codes.
      const names = /Tokyo|Frankfurt|Asia|Europe|Berlin|UTC|Exchange\S*|KB\d+|Pilot|Server|SP\d|x86|JPN|exe|CSV|Excel/g;
      for (const id of ["progress-section", "mark-form"]) {
        const text = (await page.getByTestId(id).innerText()).replace(names, " ");
        const english = [...new Set(text.match(/[A-Za-z][A-Za-z]{2,}/g) ?? [])];
        assert.deepEqual(english, [], `${id}: ${english.join(", ")}`);
      }
      const statuses = await page.locator('[data-testid^="batch-status-"]').allTextContents();
      assert.ok(statuses.every((s) => !/[A-Za-z]{3,}/.test(s)), statuses.join(" "));
    }
    assert.deepEqual(problems(), []);
  });
}
