// Web Test Runner: the widget's tests in Chromium, against a real Parley server started by a plugin.
// Run through tsx (`npm run test:widget`) so that the plugin can import the server's TypeScript.
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { parleyServerPlugin, tokenUrlMiddleware } from './widget/test/parley-server-plugin.ts';

export default {
  files: ['widget/**/*.test.ts'],
  // The browser builds of socket.io-client and engine.io-client, not their Node ones (which import `ws`).
  nodeResolve: { browser: true, exportConditions: ['browser'] },
  // One test file at a time. Pages of one origin share state that Parley's page alerts use (Web Locks,
  // the Notification permission set through CDP, localStorage); two files at once made the alert tests
  // flaky (about one full run in two). It costs about a minute on this machine.
  concurrency: 1,
  concurrentBrowsers: 1,
  testsFinishTimeout: 180_000,
  browserStartTimeout: 60_000,
  testFramework: { config: { timeout: 15_000 } },
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
        args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking'],
      },
    }),
  ],
  middleware: [tokenUrlMiddleware],
  plugins: [esbuildPlugin({ ts: true, tsconfig: './tsconfig.json' }), parleyServerPlugin()],
};
