#!/usr/bin/env node
// The `parley` command: runs the server's TypeScript sources, shipped in dist/, through tsx.
import { register } from 'tsx/esm/api';

register();
await import('../dist/server/src/cli.ts');
