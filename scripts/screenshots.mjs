// Screenshots of the planner at 1440, 1280 and 390 px, in English and Japanese, with a
// target (so the solver shows) and every editor open, for looking at
// by eye (the issue asks for them in each session's note): `node scripts/screenshots.mjs`
// after `./scripts/build.sh`; the files go to tests/e2e/artifacts/.
import { launch, serve } from "../tests/e2e/harness.mjs";

const server = await serve();
const browser = await launch();
try {
  for (const width of [1440, 1280, 390]) {
    for (const lang of ["en", "ja"]) {
      const page = await browser.newPage({ viewport: { width, height: width < 600 ? 844 : 900 } });
      await page.goto(server.url);
      await page.getByTestId("summary").waitFor();
      if (lang === "ja") await page.getByTestId("language").selectOption("ja");
      // Every editor open, so each input can be seen.
      await page.evaluate(() => document.querySelectorAll("details.panel").forEach((d) => (d.open = true)));
      await page.getByTestId("add-target-0").click();
      await page.getByTestId("solver-answer").waitFor();
      // Panels off screen are drawn only when scrolled to; a whole-page picture wants them all.
      await page.evaluate(() => document.querySelectorAll(".panel").forEach((p) => (p.style.contentVisibility = "visible")));
      await page.waitForTimeout(300);
      const path = `tests/e2e/artifacts/screen-${width}-${lang}.png`;
      await page.screenshot({ path, fullPage: true });
      console.log(path);
      await page.close();
    }
  }
} finally {
  await browser.close();
  await server.close();
}
