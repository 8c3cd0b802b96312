import { defineConfig, devices } from "@playwright/test";

// Debian's Chromium, never a downloaded browser. These flags are what works as root here.
const launchOptions = {
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
};

const port = Number(process.env.E2E_PORT ?? 3010);
export const baseURL = `http://127.0.0.1:${port}`;
// The submission and moderation flows publish initiatives: they get their own server and
// database, so the public pages' tests keep their exact counts.
const flowPort = port + 1;

export default defineConfig({
  testDir: "./tests",
  timeout: 30_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 2,
  retries: 0,
  reporter: [["list"]],
  use: {
    baseURL,
    locale: "en-GB",
    launchOptions,
    trace: "off",
  },
  projects: [
    { name: "desktop", use: { viewport: { width: 1280, height: 900 } } },
    {
      name: "phone",
      use: {
        viewport: { width: 390, height: 844 },
        isMobile: true,
        hasTouch: true,
        deviceScaleFactor: 2,
        userAgent: devices["Pixel 7"].userAgent,
      },
    },
    { name: "no-js", use: { viewport: { width: 1280, height: 900 }, javaScriptEnabled: false } },
  ],
  // A fresh database with the sample data and the test fixtures, on its own port.
  webServer: [
    {
      command: "bash ./serve-test.sh",
      url: `${baseURL}/healthz`,
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: "ignore",
      stderr: "pipe",
    },
    {
      command: `E2E_PORT=${flowPort} bash ./serve-test.sh`,
      url: `http://127.0.0.1:${flowPort}/healthz`,
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: "ignore",
      stderr: "pipe",
    },
  ],
});
