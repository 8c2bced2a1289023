// End to end: sharing and keeping scenarios (links, files, storage), the wiki embed, and
// the single-file build opened from disk.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { deflateRawSync } from "node:zlib";
import { watchedPage, openPlanner, useServerAndBrowser, downloadFrom } from "./harness.mjs";

const shared = useServerAndBrowser({ before, after });

const open = (url) => openPlanner(shared, url);

/** The summary's figures, to compare two plans. */
const summary = (page) => page.getByTestId("summary").locator("td").allTextContents();

test("a copied link opens the same plan in a fresh browser", async () => {
  const { page, problems } = await open();
  await page.getByTestId("capacity-consoles").fill("3");
  await page.getByTestId("fleet-groups-0--hosts").fill("25");
  await page.getByTestId("summary-hosts").getByText("311").waitFor();
  const expected = await summary(page);
  // Where the toolbar sits in the page (clicking may scroll the window; that is no move).
  const toolbar = () =>
    page.locator(".toolbar").evaluate((el) => {
      const r = el.getBoundingClientRect();
      return { x: r.x + scrollX, y: r.y + scrollY, width: r.width, height: r.height };
    });
  const before = await toolbar();
  await page.getByTestId("copy-link").click();
  const link = await page.getByTestId("share-link").inputValue();
  // Copy link confirms with a toast over the page; the toolbar does not move.
  assert.equal(await page.getByTestId("link-toast").isVisible(), true);
  assert.deepEqual(await toolbar(), before);
  assert.match(link, /#s=[A-Za-z0-9_-]+$/);
  assert.ok(link.length < 1200, `link is ${link.length} characters`);

  const fresh = await open(link);
  assert.deepEqual(await summary(fresh.page), expected);
  assert.equal(await fresh.page.getByTestId("capacity-consoles").inputValue(), "3");
  assert.deepEqual([...problems(), ...fresh.problems()], []);
});

test("reloading after Copy link keeps the edits made since, and the pinned baseline", async () => {
  const context = await shared.browser.newContext();
  const page = await context.newPage();
  await page.goto(shared.server.url);
  await page.getByTestId("summary").waitFor();
  await page.getByTestId("copy-link").click();
  const link = await page.getByTestId("share-link").inputValue();
  assert.ok(!page.url().includes("#s="), "the address bar holds no scenario");
  await page.getByTestId("pin").click();
  await page.getByTestId("capacity-consoles").fill("3");
  await page.getByTestId("fleet-groups-0--hosts").fill("22");
  await page.getByTestId("summary-hosts").getByText("308").waitFor();
  await page.reload();
  await page.getByTestId("summary-hosts").getByText("308").waitFor();
  assert.equal(await page.getByTestId("capacity-consoles").inputValue(), "3", "the newer work, not the link");
  assert.equal(await page.getByTestId("baseline-hosts").textContent(), "298", "the baseline survives");
  // Arriving by the link applies it once, then the address forgets it.
  const arrived = await context.newPage();
  await arrived.goto(link);
  await arrived.getByTestId("summary-hosts").getByText("298").waitFor();
  assert.equal(await arrived.getByTestId("capacity-consoles").inputValue(), "2", "the link's scenario");
  assert.ok(!arrived.url().includes("#s="));
  await arrived.getByTestId("capacity-consoles").fill("4");
  await arrived.waitForFunction(() => JSON.parse(localStorage.getItem("patchcast.scenario") ?? "{}").capacity?.consoles === 4);
  await arrived.reload();
  await arrived.getByTestId("summary").waitFor();
  assert.equal(await arrived.getByTestId("capacity-consoles").inputValue(), "4");
  await context.close();
});

test("spaces typed into a group's site and name stay, key by key", async () => {
  const { page, problems } = await open();
  const site = page.getByTestId("fleet-groups-0--site");
  await site.fill("");
  await site.pressSequentially("New York");
  const name = page.getByTestId("fleet-groups-1--name");
  await name.fill("");
  await name.pressSequentially("ny mail 1");
  assert.equal(await site.inputValue(), "New York");
  assert.equal(await name.inputValue(), "ny mail 1");
  await page.getByTestId("batches").getByText("New York").first().waitFor();
  assert.deepEqual(problems(), []);
});

test("the calendar download holds one event per batch", async () => {
  const { page, problems } = await open();
  const batches = Number((await page.locator("#batches-title").textContent()).match(/\d+/)[0]);
  const download = await downloadFrom(page, "download-ics");
  assert.match(download.suggestedFilename(), /^MS05-021-plan-2026-12-07\.ics$/);
  const ics = await readFile(await download.path(), "utf8");
  assert.ok(ics.startsWith("BEGIN:VCALENDAR\r\n"));
  assert.equal(ics.match(/^BEGIN:VEVENT\r$/gm).length, batches);
  assert.deepEqual(problems(), []);
});

test("embedded without read-only, the editors are there but folded", async () => {
  const { page, problems } = await open(`${shared.server.url}?embed=1`);
  assert.equal(await page.getByTestId("status").count(), 0, "no status line while all is well");
  assert.equal(await page.locator("aside.inputs details[open]").count(), 0);
  assert.equal(await page.locator("aside.inputs details").count(), 7);
  assert.deepEqual(problems(), []);
});

/** A link as Patchcast makes it: raw DEFLATE of the JSON, base64url without padding. */
const linkTo = (json) => `${shared.server.url}#s=${deflateRawSync(Buffer.from(JSON.stringify(json))).toString("base64url")}`;

test("a damaged or newer link says so and loads nothing", async () => {
  const { page, problems } = await open(`${shared.server.url}#s=not-a-real-scenario`);
  await page.getByTestId("notice").getByText("could not be opened").waitFor();
  assert.equal(await page.getByTestId("summary-hosts").textContent(), "298", "the sample, not a broken plan");

  // A link written by a newer Patchcast: refused for that reason, nothing half-read.
  const newer = JSON.parse(await readFile("examples/ms05-021-two-sites.json", "utf8"));
  newer.version = 8;
  newer.capacity.consoles = 9;
  const later = await open(linkTo(newer));
  const notice = await later.page.getByTestId("notice").textContent();
  assert.match(notice, /version 8, newer than this Patchcast reads/);
  assert.equal(await later.page.getByTestId("summary-hosts").textContent(), "298");
  assert.notEqual(await later.page.getByTestId("capacity-consoles").inputValue(), "9");
  assert.deepEqual([...problems(), ...later.problems()], []);
});

test("a link cut short, or one that would inflate past 5 MB, says so (inflated by the browser)", async () => {
  const json = JSON.parse(await readFile("examples/ms05-021-two-sites.json", "utf8"));
  const whole = deflateRawSync(Buffer.from(JSON.stringify(json))).toString("base64url");
  // Cut at a multiple of four characters: the base64url is sound, the DEFLATE data ends early.
  const cut = await open(`${shared.server.url}#s=${whole.slice(0, Math.floor(whole.length / 8) * 4)}`);
  await cut.page.getByTestId("notice").getByText("the link is incomplete or damaged").waitFor();
  assert.equal(await cut.page.getByTestId("summary-hosts").textContent(), "298", "the sample, not half a plan");
  // 6 MiB of spaces deflate to a few KB: refused once 5 MiB have come out, not held in full.
  const bomb = deflateRawSync(Buffer.alloc(6 << 20, 32)).toString("base64url");
  const big = await open(`${shared.server.url}#s=${bomb}`);
  await big.page.getByTestId("notice").getByText("too large for a link").waitFor();
  assert.equal(await big.page.getByTestId("summary-hosts").textContent(), "298");
  assert.deepEqual([...cut.problems(), ...big.problems()], []);
});

test("a saved scenario file opens to the same plan; a bad file is refused with a reason", async () => {
  const { page, problems } = await open();
  await page.getByTestId("fleet-groups-2--hosts").fill("90");
  await page.getByTestId("summary-hosts").getByText("308").waitFor();
  const expected = await summary(page);
  const download = await downloadFrom(page, "save-file");
  const saved = await readFile(await download.path(), "utf8");
  assert.match(saved, /"format": "patchcast-scenario"/);

  const dir = await mkdtemp(join(tmpdir(), "patchcast-"));
  const file = join(dir, "scenario.json");
  await writeFile(file, saved);
  const fresh = await open();
  await fresh.page.getByTestId("open-file").setInputFiles(file);
  await fresh.page.getByTestId("summary-hosts").getByText("308").waitFor();
  assert.deepEqual(await summary(fresh.page), expected);

  const bad = join(dir, "bad.json");
  await writeFile(bad, '{"format": "patchcast-scenario", "version": 1, "fleet": ');
  await fresh.page.getByTestId("open-file").setInputFiles(bad);
  const notice = await fresh.page.getByTestId("notice").getByText("could not be opened").textContent();
  assert.match(notice, /bad\.json could not be opened: line 1/);
  assert.equal(await fresh.page.getByTestId("summary-hosts").textContent(), "308", "the current scenario stays");

  // Over edits not yet saved, opening a file asks first; declined, nothing changes.
  const asked = [];
  page.on("dialog", (d) => { asked.push(d.message()); d.dismiss(); });
  await page.getByTestId("fleet-groups-2--hosts").fill("95");
  await page.getByTestId("summary-hosts").getByText("313").waitFor();
  const other = join(dir, "other.json");
  await writeFile(other, saved.replace('"hosts": 90', '"hosts": 70'));
  await page.getByTestId("open-file").setInputFiles(other);
  await expectEventually(() => asked.length === 1);
  assert.match(asked[0], /Open other\.json in place of your scenario\?/);
  assert.equal(await page.getByTestId("summary-hosts").textContent(), "313");
  // Once saved, it opens without asking, and Undo brings the scenario back.
  await downloadFrom(page, "save-file");
  await page.getByTestId("open-file").setInputFiles(other);
  await page.getByTestId("summary-hosts").getByText("288").waitFor();
  assert.equal(asked.length, 1);
  await page.getByTestId("undo").click();
  await page.getByTestId("summary-hosts").getByText("313").waitFor();
  assert.deepEqual([...problems(), ...fresh.problems()], []);
});

/** Waits (polling, at most 10 s) until `check()` holds: for what happens outside the page. */
async function expectEventually(check) {
  for (let waited = 0; !check(); waited += 50) {
    if (waited > 10_000) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 50));
  }
}

test("an inventory CSV joins or replaces the fleet's groups", async () => {
  const { page, problems } = await open();
  const dir = await mkdtemp(join(tmpdir(), "patchcast-"));
  const file = join(dir, "inventory.csv");
  await writeFile(file, "\ufeffname,edition,site,internet_facing,prerequisite_present,time_zone\r\n" +
    "mx01,ex2000-sp3,Tokyo,yes,no,\r\nmx02,ex2000-sp3,Tokyo,no,yes,\r\nmx03,ex2003-sp1,Osaka,no,no,Asia/Tokyo\r\n");
  await page.getByTestId("import-inventory").setInputFiles(file);
  await page.getByTestId("summary-hosts").getByText("301").waitFor();
  await page.getByTestId("notice").getByText("Imported 3 hosts").waitFor();
  // Replacing asks first, for it deletes the groups made by hand; declined, nothing changes.
  await page.locator("#import-replace").check();
  const asked = [];
  page.once("dialog", (d) => { asked.push(d.message()); d.dismiss(); });
  await page.getByTestId("import-inventory").setInputFiles(file);
  await expectEventually(() => asked.length === 1);
  assert.match(asked[0], /deletes 6 group\(s\) made by hand/);
  assert.equal(await page.getByTestId("summary-hosts").textContent(), "301");
  page.once("dialog", (d) => d.accept());
  await page.getByTestId("import-inventory").setInputFiles(file);
  await page.getByTestId("summary-hosts").getByText("3", { exact: true }).waitFor();
  // One step back.
  await page.getByTestId("undo").click();
  await page.getByTestId("summary-hosts").getByText("301").waitFor();
  await page.getByTestId("notice").getByText("Undone").waitFor();
  page.once("dialog", (d) => d.accept());
  await page.getByTestId("import-inventory").setInputFiles(file);
  await page.getByTestId("summary-hosts").getByText("3", { exact: true }).waitFor();
  const bad = join(dir, "bad.csv");
  await writeFile(bad, "host;os\r\nmx01;win2000\r\n");
  await page.getByTestId("import-inventory").setInputFiles(bad);
  await page.getByTestId("notice").getByText("was not imported, and nothing was added").waitFor();
  assert.equal(await page.getByTestId("summary-hosts").textContent(), "3", "a bad inventory changes nothing");
  // Every refused line is named, and editions read as the page shows them.
  const lines = join(dir, "lines.csv");
  await writeFile(lines, "name,edition,site,internet_facing,prerequisite_present\r\n" +
    "mx21,2003 SP1,Tokyo,no,no\r\nmx22,Exchange 2007,Tokyo,no,no\r\nmx23,Exchange Server 2003 SP1,Tokyo,perhaps,no\r\n");
  await page.getByTestId("import-inventory").setInputFiles(lines);
  const notice = await page.getByTestId("notice").getByText("line 3:").textContent();
  assert.match(notice, /line 3: no edition "Exchange 2007"/);
  assert.match(notice, /line 4, column internet_facing/);
  assert.equal(await page.getByTestId("summary-hosts").textContent(), "3");
  assert.match(await page.getByTestId("inventory-hint").textContent(), /"2000 SP3", "2003 \(no SP\)", "2003 SP1"/);
  assert.deepEqual(problems(), []);
});

test("an imported group's host count can change: its names are shown, named further or dropped", async () => {
  const { page, problems } = await open();
  const dir = await mkdtemp(join(tmpdir(), "patchcast-"));
  const file = join(dir, "inventory.csv");
  await writeFile(file, "name,edition,site,internet_facing,prerequisite_present\r\n" +
    "mx01,2003 SP1,Tokyo,no,no\r\nmx02,2003 SP1,Tokyo,no,no\r\n");
  await page.getByTestId("import-inventory").setInputFiles(file);
  await page.getByTestId("summary-hosts").getByText("300").waitFor();
  const i = 6; // the imported group, after the sample's six
  await page.getByTestId(`fleet-groups-${i}--hosts`).fill("5");
  // Said beside the host count, in words, with the two ways out; nothing in path syntax.
  const error = await page.getByTestId(`fleet-groups-${i}--hosts-error`).textContent();
  assert.match(error, /the inventory named 2 hosts of this group, not 5/);
  assert.equal(await page.getByTestId("other-problems").count(), 0);
  assert.doesNotMatch(await page.locator("body").innerText(), /fleet\.groups\[/);
  await page.getByTestId(`fit-names-${i}`).click();
  await page.getByTestId("summary-hosts").getByText("303").waitFor();
  const names = await page.getByTestId(`fleet-groups-${i}--host-names`).inputValue();
  assert.deepEqual(names.split("\n"), ["mx01", "mx02", "Tokyo/ex2003-sp1-0003", "Tokyo/ex2003-sp1-0004", "Tokyo/ex2003-sp1-0005"]);
  // The names can be edited; the count follows them.
  await page.getByTestId(`fleet-groups-${i}--names`).click();
  await page.getByTestId(`fleet-groups-${i}--host-names`).fill("mx01\nmx02\nmx03");
  await page.getByTestId("summary-hosts").getByText("301").waitFor();
  assert.equal(await page.getByTestId(`fleet-groups-${i}--hosts`).inputValue(), "3");
  // Or dropped: the group names its hosts again, and any count plans.
  await page.getByTestId(`drop-names-${i}`).click();
  await page.getByTestId(`fleet-groups-${i}--hosts`).fill("7");
  await page.getByTestId("summary-hosts").getByText("305").waitFor();
  assert.equal(await page.getByTestId(`fleet-groups-${i}--names`).count(), 0);
  assert.deepEqual(problems(), []);
});

test("the host CSV Patchcast exports imports back as the same fleet", async () => {
  const { page, problems } = await open();
  const before = await summary(page);
  const download = await downloadFrom(page, "download-hosts");
  const dir = await mkdtemp(join(tmpdir(), "patchcast-"));
  const file = join(dir, "hosts.csv");
  await writeFile(file, await readFile(await download.path()));
  await page.locator("#import-replace").check();
  page.once("dialog", (d) => d.accept());
  await page.getByTestId("import-inventory").setInputFiles(file);
  await page.getByTestId("notice").getByText("Imported 298 hosts").waitFor();
  assert.equal(await page.getByTestId("summary-hosts").textContent(), "298");
  assert.deepEqual((await summary(page)).slice(0, 1), before.slice(0, 1));
  assert.deepEqual(problems(), []);
});

test("while inputs are invalid, the downloads wait and say why", async () => {
  const { page, problems } = await open();
  await page.getByTestId("capacity-consoles").fill("zero");
  await page.getByTestId("exports-wait").waitFor();
  for (const id of ["download-batches", "download-hosts", "download-ics", "print-summary"]) {
    assert.ok(await page.getByTestId(id).isDisabled(), `${id} is disabled`);
  }
  // Printed anyway (the browser's own Print), the page says the plan is not the inputs'.
  await page.emulateMedia({ media: "print" });
  assert.ok(await page.getByTestId("status").isVisible(), "the stale plan's warning is printed");
  await page.emulateMedia({ media: null });
  await page.getByTestId("capacity-consoles").fill("2");
  await page.getByTestId("status").getByText("Plan is up to date.").waitFor();
  for (const id of ["download-batches", "download-hosts", "download-ics", "print-summary"]) {
    assert.ok(await page.getByTestId(id).isEnabled(), `${id} is enabled again`);
  }
  assert.deepEqual(problems(), []);
});

test("a Shift_JIS inventory from Japanese Excel keeps its sites apart; other encodings are refused", async () => {
  const { page, problems } = await open();
  const dir = await mkdtemp(join(tmpdir(), "patchcast-"));
  // name,edition,site,…,time_zone with hosts at 東京 (one) and 福岡 (two), saved as Shift_JIS.
  const sjis = join(dir, "sjis.csv");
  await writeFile(sjis, Buffer.from(
    "6e616d652c65646974696f6e2c736974652c696e7465726e65745f666163696e672c7072657265717569736974655f70726573656e742c" +
    "74696d655f7a6f6e650d0a938c8b9e2d6d78312c6578323030332c938c8b9e2c6e6f2c6e6f2c417369612f546f6b796f0d0a959f89aa2d" +
    "6d78312c6578323030332c959f89aa2c6e6f2c6e6f2c417369612f546f6b796f0d0a959f89aa2d6d78322c6578323030332c959f89aa2c6e6f2c6e6f2c0d0a", "hex"));
  await page.locator("#import-replace").check();
  page.once("dialog", (d) => d.accept());
  await page.getByTestId("import-inventory").setInputFiles(sjis);
  await page.getByTestId("summary-hosts").getByText("3", { exact: true }).waitFor();
  assert.equal(await page.getByTestId("fleet-groups-0--site").inputValue(), "東京");
  assert.equal(await page.getByTestId("fleet-groups-1--site").inputValue(), "福岡");
  assert.equal(await page.getByTestId("fleet-groups-1--hosts").inputValue(), "2");

  // UTF-16 without a byte-order mark: refused with what to do, nothing changed.
  const utf16 = join(dir, "utf16.csv");
  await writeFile(utf16, Buffer.from("name,edition,site,internet_facing,prerequisite_present\r\nmx9,ex2003,Tokyo,no,no\r\n", "utf16le"));
  await page.getByTestId("import-inventory").setInputFiles(utf16);
  await page.getByTestId("notice").getByText("UTF-16 without a byte-order mark").waitFor();
  assert.equal(await page.getByTestId("summary-hosts").textContent(), "3");
  assert.deepEqual(problems(), []);
});

test("every problem of a linked scenario shows where the planner sees it", async () => {
  const json = JSON.parse(await readFile("examples/ms05-021-two-sites.json", "utf8"));
  json.windows[0].sites = ["Nowhere"];
  json.version = 0;
  json.fleet.groups[0].host_names = ["only-one"];
  // No plan can be made from it, so there is no summary to wait for: only the problems.
  const { page, problems } = await watchedPage(shared.browser, shared.server.origin);
  await page.setViewportSize({ width: 1440, height: 1000 });
  await page.goto(linkTo(json));
  await page.getByTestId("windows-0--sites-error").getByText('no group is at site "Nowhere"').waitFor();
  const other = await page.getByTestId("other-problems").textContent();
  assert.match(other, /The scenario's format version: the version must be 1 or more/);
  // The group's names from an inventory do not match its count: said beside the count.
  assert.match(await page.getByTestId("fleet-groups-0--hosts-error").textContent(), /the inventory named 1 hosts/);
  assert.doesNotMatch(await page.locator("body").innerText(), /fleet\.groups\[|host_names/);
  assert.deepEqual(problems(), []);
});

for (const [storage, wording] of [
  ["full", "storage is full"],
  ["missing", "does not let the page keep your scenario"],
]) {
  test(`with storage ${storage}, the page says so once and keeps working`, async () => {
    const context = await shared.browser.newContext();
    await context.addInitScript((kind) => {
      if (kind === "full") {
        Storage.prototype.setItem = () => { throw new DOMException("quota", "QuotaExceededError"); };
      } else {
        Object.defineProperty(window, "localStorage", { get() { throw new DOMException("denied", "SecurityError"); } });
      }
    }, storage);
    const page = await context.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(shared.server.url);
    // The sample needs no keeping; the first edit does.
    await page.getByTestId("fleet-groups-0--hosts").fill("22");
    await page.getByTestId("notice").getByText(wording).waitFor();
    await page.getByTestId("summary-hosts").getByText("308").waitFor();
    assert.deepEqual(errors, []);
    await context.close();
  });
}

test("a scenario file that reads but does not check out replaces nothing", async () => {
  const { page, problems } = await open();
  await page.getByTestId("capacity-consoles").fill("3");
  const json = JSON.parse(await readFile("examples/ms05-021-two-sites.json", "utf8"));
  json.capacity.consoles = 0;
  json.windows[0].start = "25:00";
  const dir = await mkdtemp(join(tmpdir(), "patchcast-"));
  const file = join(dir, "invalid.json");
  await writeFile(file, JSON.stringify(json));
  page.once("dialog", (d) => d.accept());
  await page.getByTestId("open-file").setInputFiles(file);
  const notice = await page.getByTestId("notice").textContent();
  assert.match(notice, /invalid\.json was not opened: it has 2 problem\(s\): capacity\.consoles/);
  assert.equal(await page.getByTestId("capacity-consoles").inputValue(), "3", "the current work stays");
  assert.equal(await page.getByTestId("status").textContent(), "Plan is up to date.");
  assert.deepEqual(problems(), []);
});

test("the scenario survives a reload; corrupted storage gives a notice and the sample", async () => {
  const context = await shared.browser.newContext();
  const page = await context.newPage();
  await page.goto(shared.server.url);
  await page.getByTestId("fleet-groups-0--hosts").fill("22");
  await page.getByTestId("summary-hosts").getByText("308").waitFor();
  await page.reload();
  await page.getByTestId("summary-hosts").getByText("308").waitFor();
  assert.equal(await page.getByTestId("fleet-groups-0--hosts").inputValue(), "22");

  await page.evaluate(() => localStorage.setItem("patchcast.scenario", '{"format":"patchcast-scenario","vers'));
  await page.reload();
  await page.getByTestId("notice").getByText("could not be restored").waitFor();
  assert.equal(await page.getByTestId("summary-hosts").textContent(), "298");
  await context.close();
});

test("the embed example fits its iframe to the plan; read-only hides the editors", async () => {
  const { page, problems } = await watchedPage(shared.browser, shared.server.origin);
  await page.goto(`${shared.server.url}embed-example.html`);
  const frame = page.frameLocator("#patchcast");
  await frame.getByTestId("summary").waitFor();
  assert.equal(await frame.locator("aside.inputs").count(), 0, "read-only: no editors");
  assert.equal(await frame.getByTestId("open-file").count(), 0, "read-only: no opening another scenario");
  assert.equal(await frame.getByTestId("pin").count(), 0, "read-only: no baseline");
  await page.waitForFunction(() => document.getElementById("patchcast").style.height !== "");
  const { frameHeight, contentHeight } = await page.evaluate(() => {
    const f = document.getElementById("patchcast");
    return { frameHeight: f.getBoundingClientRect().height, contentHeight: f.contentDocument.body.scrollHeight };
  });
  assert.ok(Math.abs(frameHeight - contentHeight) <= 4, `iframe ${frameHeight}px for ${contentHeight}px of content`);
  assert.ok(frameHeight > 600, "the plan is taller than the frame's initial 600 px");
  assert.deepEqual(problems(), []);
});

test("the single-file build works opened from disk", async () => {
  const url = pathToFileURL(resolve("dist-single/patchcast.html")).href;
  const page = await shared.browser.newPage();
  const seen = [];
  page.on("console", (m) => m.type() === "error" && seen.push(m.text()));
  page.on("pageerror", (e) => seen.push(e.message));
  page.on("request", (r) => {
    if (!r.url().startsWith("file://") && !r.url().startsWith("data:")) seen.push(`request: ${r.url()}`);
  });
  await page.goto(url);
  await page.getByTestId("summary-hosts").waitFor();
  assert.equal(await page.getByTestId("summary-hosts").textContent(), "298");
  // A link opened on the file: the browser inflates it there too.
  const json = JSON.parse(await readFile("examples/ms05-021-two-sites.json", "utf8"));
  json.fleet.groups[0].hosts = 25;
  const linked = await shared.browser.newPage();
  linked.on("pageerror", (e) => seen.push(e.message));
  await linked.goto(`${url}#s=${deflateRawSync(Buffer.from(JSON.stringify(json))).toString("base64url")}`);
  await linked.getByTestId("summary-hosts").getByText("311").waitFor();
  assert.deepEqual(seen, []);
  await linked.close();
  await page.close();
});
