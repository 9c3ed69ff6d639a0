/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  // tsconfig.json sets isolatedModules, so ts-jest only transpiles each file (no type-checking,
  // which keeps the suite fast); `tsc --noEmit` (npm run typecheck, part of npm test) checks the types.
  transform: { "^.+\\.ts$": ["ts-jest", { tsconfig: "<rootDir>/tsconfig.json" }] },
  setupFilesAfterEnv: ["<rootDir>/test/support/setup.ts"],
  globalSetup: "<rootDir>/test/support/global-setup.ts",
  // The offline Terraform checks start the AWS provider; give them room on a 2-core machine.
  testTimeout: 120000,
};
