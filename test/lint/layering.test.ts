// The dependency rule of DESIGN.md is enforced by lint; these cases prove the rule can fail.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

async function restrictedImportErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('layering lint', () => {
  it.each([
    ['broker-runtime/storage/x.ts', "import { app } from 'electron';\nexport const a = app;\n"],
    ['broker-runtime/storage/x.ts', "import { useState } from 'react';\nexport const a = useState;\n"],
    ['broker-runtime/network/x.ts', "import type { OxbowApi } from '../../main/contract/index.js';\nexport type A = OxbowApi;\n"],
    ['broker-runtime/x.ts', "import { api } from '../renderer/api/index.js';\nexport const a = api;\n"],
    ['renderer/api/x.ts', "import { channels } from '../../main/contract/index.js';\nexport const a = channels;\n"],
    ['renderer/api/x.ts', "import { host } from '../../main/host/index.js';\nexport const a = host;\n"],
    ['renderer/api/x.ts', "import { readFileSync } from 'node:fs';\nexport const a = readFileSync;\n"],
    ['renderer/api/x.ts', "import { Log } from '../../broker-runtime/index.js';\nexport const a = Log;\n"],
    ['main/host/x.ts', "import { Log } from '../../broker-runtime/storage/log.js';\nexport const a = Log;\n"],
  ])('rejects the wrong-layer import in %s: %s', async (filePath, code) => {
    expect(await restrictedImportErrors(filePath, code)).not.toEqual([]);
  });

  it.each([
    ['renderer/api/x.ts', "import type { OxbowApi } from '../../main/contract/index.js';\nexport type A = OxbowApi;\n"],
    ['main/host/x.ts', "import { Log } from '../../broker-runtime/index.js';\nexport const a = Log;\n"],
    ['broker-runtime/storage/x.ts', "import { readFileSync } from 'node:fs';\nexport const a = readFileSync;\n"],
  ])('accepts the allowed import in %s: %s', async (filePath, code) => {
    expect(await restrictedImportErrors(filePath, code)).toEqual([]);
  });
});
