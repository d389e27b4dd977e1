#!/usr/bin/env node
// A MongoDB-wire-compatible server for tests: CongoDB from @push.rocks/smartmongo 2.2.0 (in memory).
//
//   bash scripts/install_test_servers.sh                      # once: installs it into var/node
//   node tests/support/congodb_server.mjs [--port N] [--host H] [--prefix DIR] [--watch-stdin]
//
// Prints "PORT <n>" on stdout once it accepts connections (port 0, the default, picks a free one);
// stops on SIGTERM / SIGINT, and with --watch-stdin also when its stdin closes (its parent died).
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(name);
  return at >= 0 && at + 1 < args.length ? args[at + 1] : fallback;
};
const port = Number(option('--port', '0'));
const host = option('--host', '127.0.0.1');
const prefix = path.resolve(option('--prefix', path.join(here, '..', '..', 'var', 'node')));

let entry;
try {
  entry = createRequire(path.join(prefix, 'package.json')).resolve('@push.rocks/smartmongo');
} catch {
  console.error(`@push.rocks/smartmongo is not installed under ${prefix}: run bash scripts/install_test_servers.sh`);
  process.exit(3);
}
const { congodb } = await import(pathToFileURL(entry).href);
const server = new congodb.CongoServer({ port, host, storage: 'memory' });
await server.start();
// CongoServer.port echoes the option (0 for "any"); the listening socket knows the real one.
const address = server.server?.address?.();
const actual = address && typeof address === 'object' ? address.port : server.port;
process.stdout.write(`PORT ${actual}\n`);

let stopping = false;
const shutdown = async () => {
  if (stopping) return;
  stopping = true;
  try {
    await server.stop();
  } finally {
    process.exit(0);
  }
};
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
if (args.includes('--watch-stdin')) {
  process.stdin.on('end', shutdown);
  process.stdin.on('close', shutdown);
  process.stdin.resume();
}
