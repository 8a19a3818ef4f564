// End-to-end suites: headless Chromium against the running demo
// (./agentdeck test starts it and sets AGENTDECK_APP_URL).
module.exports = {
  rootDir: __dirname,
  testMatch: ['<rootDir>/**/*.e2e.test.js'],
  testEnvironment: 'node',
  transform: {},
  testTimeout: 180000,
};
