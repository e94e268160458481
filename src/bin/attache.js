#!/usr/bin/env node
// Runs the TypeScript sources directly (no build step), so `npx attache` works on a fresh clone.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../cli.ts');
try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
}
