'use strict';

const tsJest = ['ts-jest', { tsconfig: 'tsconfig.test.json', diagnostics: false }];

module.exports = {
  // Booting Strapi on a busy 2-core machine can take a while; this is a hang guard, not a timing check.
  testTimeout: 180000,
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      transform: { '^.+\\.ts$': tsJest },
      testMatch: ['<rootDir>/tests/unit/**/*.test.ts'],
    },
    {
      // Services with a small fake strapi (tests/service/fake-strapi.ts): seconds, no database.
      displayName: 'service',
      testEnvironment: 'node',
      transform: { '^.+\\.ts$': tsJest },
      testMatch: ['<rootDir>/tests/service/**/*.test.ts'],
    },
    {
      displayName: 'api',
      testEnvironment: 'node',
      transform: { '^.+\\.ts$': tsJest },
      testMatch: ['<rootDir>/tests/api/**/*.test.ts'],
      // Strapi boots in-process once per file; its own modules stay untransformed.
      transformIgnorePatterns: ['/node_modules/', '/dist/', '/playground/'],
    },
    {
      displayName: 'e2e',
      testEnvironment: 'node',
      transform: { '^.+\\.ts$': tsJest },
      testMatch: ['<rootDir>/tests/e2e/**/*.test.ts'],
    },
  ],
};
