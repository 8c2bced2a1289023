// End to end: the forecast. The headline says how sure the finish is and each target's
// chance; the trials run in the worker under the strict Content Security Policy; a wider
// spread widens the band around the exposure curve; the forecast reads in Japanese.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { openPlanner, useSecuredServerAndBrowser } from "./harness.mjs";

const shared = useSecuredServerAndBrowser({ before, after });

/** Waits for the forecast of the scenario on screen and returns its answer's text. */
async function forecastShown(page) {
  await page.locator('[data-testid="forecast"][data-current="true"] [data-testid="forecast-answer"]').waitFor();
  return page.getByTestId("forecast-answer").textContent();
}

/** The band's width: the area between its early and late edges, in square pixels. */
async function bandArea(page) {
  return page.getByTestId("exposure-chart").locator("polygon[data-band]").evaluate((polygon) => {
    const points = polygon.getAttribute("points").trim().split(/\s+/).map((p) => p.split(",").map(Number));
    let area = 0;
    for (let i = 0; i < points.length; i++) {
      const [x1, y1] = points[i];
      const [x2, y2] = points[(i + 1) % points.length];
      area += x1 * y2 - x2 * y1;
    }
    return Math.abs(area) / 2;
  });
}

test("the headline gives the 85 % date and each target's chance, worked out in the worker under the strict CSP", async () => {
  const { page, problems } = await openPlanner(shared);
  await page.addInitScript(() => {});
  const violations = [];
  page.on("console", (msg) => {
    if (/Content Security Policy/i.test(msg.text())) violations.push(msg.text());
  });
  const answer = await forecastShown(page);
  const sure = answer.match(/85 % sure every host is patched by (\S+ \S+)/);
  assert.ok(sure, answer);
  assert.equal(await page.getByTestId("forecast").getAttribute("data-forecast-by"), "worker");
  assert.match(await page.getByTestId("headline-forecast").textContent(), new RegExp(`85 % sure every host is patched by ${sure[1]}`));
  assert.match(await page.getByTestId("forecast-table").textContent(), /Every host patched/);
  assert.match(await page.getByTestId("forecast-chart").innerHTML(), /<svg/);
  assert.match(await page.getByTestId("forecast-assumptions").textContent(), /10,000 trials \(seed 1\)/);

  // A target: its chance in the headline, and the consoles under uncertainty.
  await page.getByTestId("add-target-custom").click();
  await page.getByTestId("targets-0--within").fill("10d");
  await page.locator('[data-testid="forecast"][data-current="true"] [data-testid="forecast-consoles"]').waitFor({ timeout: 60_000 });
  const headline = await page.getByTestId("headline-forecast").textContent();
  assert.match(headline, /\d+ % chance of meeting all=10d/);
  assert.match(await page.getByTestId("forecast-consoles").textContent(), /consoles meet every target with at least 85 % probability|No number of consoles/);
  assert.deepEqual(violations, []);
  assert.deepEqual(problems(), []);
});

test("a wider spread widens the band around the exposure curve; an edit restarts the trials", async () => {
  const { page, problems } = await openPlanner(shared);
  // A larger fleet: enough batches for many trials to take a moment.
  await page.getByTestId("fleet-groups-1--hosts").fill("30000");
  await page.getByTestId("forecast-settings").locator("summary").click();
  await page.getByTestId("forecast-spread-percent").fill("5");
  await forecastShown(page);
  const narrow = await bandArea(page);
  // Many trials: the progress bar shows while they run, and an edit meanwhile stops them
  // and starts the new scenario's.
  // (Each progress text is noted as it is drawn: a quick machine shows it only briefly.)
  await page.evaluate(() => {
    window.__progress = [];
    new MutationObserver(() => {
      const label = document.querySelector('[data-testid="forecast-progress"] label');
      if (label && window.__progress.at(-1) !== label.textContent) window.__progress.push(label.textContent);
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  await page.getByTestId("forecast-trials").fill("100000");
  await page.getByTestId("forecast-spread-percent").fill("40");
  await page.waitForFunction(() => window.__progress.some((t) => /Running trials: [1-9][\d,]* of at most 100000/.test(t)));
  await page.getByTestId("forecast-spread-percent").fill("45");
  await forecastShown(page);
  const wide = await bandArea(page);
  assert.ok(wide > narrow * 1.5, `band ${narrow} px² at 5 %, ${wide} px² at 45 %`);
  assert.match(await page.getByTestId("forecast-assumptions").textContent(), /±45 % two times in three \(your setting\)/);
  // A setting out of range is refused beside its field, in a planner's words.
  await page.getByTestId("forecast-lost-window-percent").fill("95");
  await page.getByTestId("forecast-lost-window-percent-error").getByText("Enter a number from 0 to 90.").waitFor();
  assert.deepEqual(problems(), []);
});

test("the forecast reads in Japanese", async () => {
  const { page, problems } = await openPlanner(shared);
  await forecastShown(page);
  await page.getByTestId("language").selectOption("ja");
  const answer = await forecastShown(page);
  assert.match(answer, /85%の確度で全ホストの適用が.+までに終わります/);
  assert.match(await page.getByTestId("headline-forecast").textContent(), /85%の確度で/);
  assert.match(await page.getByTestId("forecast-assumptions").textContent(), /試行10,000回/);
  const text = await page.getByTestId("forecast").evaluate((el) => el.innerText);
  const english = (text.match(/[A-Za-z]{3,}/g) ?? []).filter((w) => !["Tokyo", "Frankfurt", "Pilot"].includes(w));
  assert.deepEqual(english, [], `English left in the forecast: ${english.join(", ")}`);
  assert.deepEqual(problems(), []);
});
