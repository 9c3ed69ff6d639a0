/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  // tsconfig.json sets isolatedModules, so ts-jest only transpiles each file (no type-checking,
  // which keeps the suite fast); `tsc --noEmit` (npm run typecheck, part of npm test) checks the types.
  transform: { "^.+\\.ts$": ["ts-jest", { tsconfig: "<rootDir>/tsconfig.json" }] },
  setupFilesAfterEnv: ["<rootDir>/test/support/setup.ts"],
  // Global setup starts the offline Terraform check of every stack in the background
  // (test/support/offline-runner.ts); teardown stops it if the run is cut short.
  globalSetup: "<rootDir>/test/support/global-setup.ts",
  globalTeardown: "<rootDir>/test/support/global-teardown.ts",
  // Jest would use one worker on 2 cores (cores - 1); Terraform runs in a process of its own, so
  // use them all.
  maxWorkers: "100%",
  // The offline Terraform tests wait for the background check; give them room on a 2-core machine.
  testTimeout: 120000,
};
