/**
 * secretlint and its recommended rules, bundled on their own (dist/secretlint.js) and loaded on the
 * first scan (see secretScan.ts), so that activating the extension does not parse them.
 */
export { lintSource } from '@secretlint/core';
export { creator as recommendedPreset } from '@secretlint/secretlint-rule-preset-recommend';
