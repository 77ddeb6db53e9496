// Headless Chromium for the browser suites, driven by playwright-core. No test downloads a browser: it uses,
// in this order,
//   1. CHROMIUM_PATH, when set (any Chromium-based browser's executable);
//   2. a browser the machine already has: Microsoft Edge or Google Chrome on Windows and macOS
//      (playwright-core's channels "msedge" and "chrome"), Debian/Ubuntu Chromium or Chrome on Linux;
//   3. on Linux x64/arm64, the Chromium that the @sparticuz/chromium npm package ships inside itself
//      (a dev dependency: `npm ci` brings it, no apt and no network beyond the npm registry).
// Excel on Windows hosts add-ins in WebView2 (Edge, i.e. Chromium), so these suites run the engine Excel uses.
import fs from "fs";
import { chromium, type Browser, type LaunchOptions } from "playwright-core";

/** Flags for a closed network and a root user (no sandbox); nothing in them changes page behaviour. */
const ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-quic",
  "--no-first-run",
  "--disable-sync",
];

const LINUX_BROWSERS = [
  "/usr/bin/chromium",
  "/usr/bin/chromium-browser",
  "/usr/bin/google-chrome",
  "/usr/bin/google-chrome-stable",
  "/usr/bin/microsoft-edge",
];

/** Where a browser came from, and how to launch it. */
export interface BrowserChoice {
  source: string;
  options: LaunchOptions;
}

/** One line naming every place looked at; the whole message a missing browser produces. */
export class BrowserMissing extends Error {}

async function sparticuzChromium(): Promise<string | undefined> {
  if (process.platform !== "linux" || !["x64", "arm64"].includes(process.arch)) return undefined;
  try {
    const mod = await import("@sparticuz/chromium");
    const sparticuz = (mod.default ?? mod) as typeof mod.default;
    // Unpacks the brotli-compressed binary into the temp folder on first use (~1.5 s), then reuses it.
    return await sparticuz.executablePath();
  } catch {
    return undefined;
  }
}

async function findBrowser(): Promise<BrowserChoice> {
  const tried: string[] = [];
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) {
    if (fs.existsSync(fromEnv))
      return { source: `CHROMIUM_PATH=${fromEnv}`, options: { executablePath: fromEnv } };
    // An explicit choice that does not exist is an error, not a reason to pick another browser.
    throw new BrowserMissing(`CHROMIUM_PATH is set to ${fromEnv}, which does not exist.`);
  }
  if (process.platform === "win32" || process.platform === "darwin") {
    for (const channel of ["msedge", "chrome"]) {
      tried.push(`channel ${channel}`);
      try {
        const b = await chromium.launch({ channel, headless: true, args: ARGS });
        await b.close();
        return { source: `installed ${channel}`, options: { channel } };
      } catch {
        // not installed: try the next one
      }
    }
  } else {
    for (const p of LINUX_BROWSERS) {
      tried.push(p);
      if (fs.existsSync(p)) return { source: p, options: { executablePath: p } };
    }
  }
  tried.push("@sparticuz/chromium (npm)");
  const packaged = await sparticuzChromium();
  if (packaged)
    return { source: `@sparticuz/chromium ${packaged}`, options: { executablePath: packaged } };
  throw new BrowserMissing(
    `No Chromium-based browser found (looked at: ${tried.join(", ")}). ` +
      "Set CHROMIUM_PATH to a Chromium, Chrome or Edge executable, or run `npm ci` on Linux x64/arm64 " +
      "so that @sparticuz/chromium is installed."
  );
}

let choice: Promise<BrowserChoice> | undefined;
/** The browser every suite uses, found once per run. Rejects with BrowserMissing when there is none. */
export function browserChoice(): Promise<BrowserChoice> {
  choice ??= findBrowser();
  return choice;
}

export async function launchChromium(): Promise<Browser> {
  const { options } = await browserChoice();
  return chromium.launch({ ...options, headless: true, args: ARGS });
}

/**
 * For a browser suite's `before`: skips the suite when no browser can be found. The run still fails, once,
 * with the reason: test/e2e/browser.test.ts asserts that a browser is found and launches.
 */
export async function skipWithoutBrowser(ctx: Mocha.Context): Promise<void> {
  try {
    await browserChoice();
  } catch (e) {
    if (e instanceof BrowserMissing) ctx.skip();
    throw e;
  }
}
