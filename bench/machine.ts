// The machine and software the bench ran on, for the report's header.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { findBinaries, repoRoot } from '../test/runner/env';
import type { Report } from './report';

export function machine(): Report['machine'] {
  const cpus = os.cpus();
  const { node24, codeServer } = findBinaries();
  const node24Version = spawnSync(node24, ['--version'], { encoding: 'utf8' }).stdout.trim();
  let csVersion = '?';
  try {
    for (let dir = path.dirname(fs.realpathSync(codeServer)); dir !== path.dirname(dir); dir = path.dirname(dir)) {
      const file = path.join(dir, 'package.json');
      const pkg = fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: string; version?: string }) : {};
      if (pkg.name === 'code-server') {
        csVersion = pkg.version ?? '?';
        break;
      }
    }
  } catch {
    /* keep ? */
  }
  let sdkVersion = '?';
  try {
    sdkVersion = (JSON.parse(fs.readFileSync(path.join(repoRoot(), 'node_modules', '@anthropic-ai', 'sdk', 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    /* keep ? */
  }
  return {
    nproc: cpus.length,
    memoryBytes: os.totalmem(),
    cpuModel: cpus[0]?.model ?? '?',
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    extensionHostNode: node24Version,
    codeServer: csVersion,
    chromium: '?',
    sdk: sdkVersion,
    date: new Date().toISOString(),
    loadAvgStart: os.loadavg(),
    loadAvgEnd: [],
  };
}
