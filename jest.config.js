/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  // @swc/jest only strips types: the suite stays fast, and `tsc --noEmit` (npm run typecheck) checks them.
  transform: { "^.+\\.ts$": ["@swc/jest"] },
  setupFilesAfterEnv: ["<rootDir>/test/support/setup.ts"],
  globalSetup: "<rootDir>/test/support/global-setup.ts",
  // The offline Terraform checks start the AWS provider; give them room on a 2-core machine.
  testTimeout: 120000,
};
