#!/usr/bin/env node
// Runs the TypeScript sources directly (no build step), so `npx attache` works on a fresh clone.
import { register } from 'tsx/esm/api';

register();
await import('../cli.ts');
