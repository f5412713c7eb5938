// Accessibility check of HTML pages: axe-core (pinned in package-lock.json) in Debian's
// Chromium, at a desktop and a phone width, against WCAG 2.1 A and AA.
//
//   node scripts/axe/check.mjs PAGE.html ... [--browser /usr/bin/chromium] [--json RESULT.json]
//        [--best-practice]
//
// --best-practice adds axe's best-practice rules (a main landmark, heading order, empty table
// headers): not WCAG criteria, but what a screen-reader user relies on.
// Prints every violation per page and width (rule, impact, the elements it names) and exits 1
// on any, 2 when it cannot run (no browser, a page that does not exist). A development and CI
// tool: the report itself never needs it. See docs/controle.md.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";

import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const AXE_VERSION = require("axe-core/package.json").version;
export const WIDTHS = [1280, 320];
export const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

function parseArguments(argv) {
  const options = {
    pages: [],
    browser: process.env.CHROMIUM || "/usr/bin/chromium",
    json: null,
    tags: TAGS,
  };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--browser") options.browser = argv[++i];
    else if (argv[i] === "--json") options.json = argv[++i];
    else if (argv[i] === "--best-practice") options.tags = [...TAGS, "best-practice"];
    else options.pages.push(argv[i]);
  }
  return options;
}

async function checkPage(browser, file, width, tags) {
  const context = await browser.newContext({ viewport: { width, height: 900 } });
  const page = await context.newPage();
  try {
    await page.goto(pathToFileURL(path.resolve(file)).href, { waitUntil: "load" });
    await page.addScriptTag({ content: AXE_SOURCE });
    const result = await page.evaluate(
      (tags) => window.axe.run(document, { runOnly: { type: "tag", values: tags } }),
      tags,
    );
    return result.violations.map((v) => ({
      rule: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => n.target.join(" ")),
    }));
  } finally {
    await context.close();
  }
}

async function main() {
  const options = parseArguments(process.argv.slice(2));
  if (options.pages.length === 0) {
    console.error("Geef de HTML-pagina's op die gecontroleerd moeten worden.");
    return 2;
  }
  const missing = options.pages.filter((p) => !existsSync(p));
  if (missing.length) {
    console.error(`Pagina niet gevonden: ${missing.join(", ")}`);
    return 2;
  }
  if (!existsSync(options.browser)) {
    console.error(
      `Chromium niet gevonden (${options.browser}); installeer Debian's pakket chromium ` +
        "of geef --browser PAD op.",
    );
    return 2;
  }
  const browser = await chromium.launch({ executablePath: options.browser, headless: true });
  const report = [];
  let count = 0;
  try {
    for (const file of options.pages) {
      for (const width of WIDTHS) {
        const violations = await checkPage(browser, file, width, options.tags);
        report.push({ page: file, width, violations });
        count += violations.length;
        for (const v of violations) {
          const where = v.nodes.slice(0, 5).join("; ") + (v.nodes.length > 5 ? "; ..." : "");
          console.log(`${file} (${width} px): ${v.rule} [${v.impact}] ${v.help}: ${where}`);
        }
      }
    }
  } finally {
    await browser.close();
  }
  if (options.json) writeFileSync(options.json, JSON.stringify(report, null, 1) + "\n");
  const checked =
    `${options.pages.length} pagina's op ${WIDTHS.join(" en ")} px, ` +
    `regels ${options.tags.join(", ")}, axe-core ${AXE_VERSION}`;
  if (count) {
    console.log(`${count} overtreding(en) gevonden (${checked}).`);
    return 1;
  }
  console.log(`Geen overtredingen (${checked}).`);
  return 0;
}

process.exitCode = await main();
