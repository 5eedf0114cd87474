// Shared jest setup for every package: ESM TypeScript through ts-jest, transpile-only (the
// `typecheck` task is what checks types), `.js` import suffixes mapped back to the .ts sources.
export function jestConfig(rootDir) {
  return {
    rootDir,
    testEnvironment: 'node',
    extensionsToTreatAsEsm: ['.ts', '.tsx'],
    moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
    transform: {
      '^.+\\.tsx?$': [
        'ts-jest',
        {
          useESM: true,
          tsconfig: {
            module: 'NodeNext',
            moduleResolution: 'NodeNext',
            target: 'ES2022',
            isolatedModules: true,
            jsx: 'react-jsx',
            esModuleInterop: true,
          },
        },
      ],
    },
    testMatch: ['<rootDir>/src/**/*.test.ts', '<rootDir>/src/**/*.test.tsx', '<rootDir>/test/**/*.test.ts'],
    testTimeout: 60000,
  }
}
