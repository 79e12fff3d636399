// Command line of the codec generator.
//
//   tsx broker-runtime/protocol/generator/main.ts            regenerate broker-runtime/protocol/generated/
//   tsx broker-runtime/protocol/generator/main.ts --check    exit 1, listing the files that differ (CI)
//   options: --specs <dir> (default $OXBOW_KAFKA_SPECS or ../shared/kafka-protocol/messages),
//            --out <dir>   (default the generated/ folder beside this one)
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultOutDir, defaultSpecDir, diffGenerated, generate, writeGenerated } from './generate.js';

export function runGenerator(argv: readonly string[], log: (line: string) => void = console.log): number {
  let check = false;
  let specDir = defaultSpecDir();
  let outDir = defaultOutDir();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--check') check = true;
    else if (arg === '--specs' && argv[i + 1]) specDir = argv[++i];
    else if (arg === '--out' && argv[i + 1]) outDir = argv[++i];
    else {
      log(`unknown argument: ${arg}`);
      return 2;
    }
  }
  const files = generate(specDir);
  if (check) {
    const differing = diffGenerated(outDir, files);
    if (differing.length === 0) return 0;
    log(`generated codecs are out of date in ${outDir} (run \`npm run codegen\`):`);
    for (const name of differing) log(`  ${name}`);
    return 1;
  }
  const changed = writeGenerated(outDir, files);
  log(`${files.size} files generated in ${outDir}, ${changed.length} changed`);
  return 0;
}

const invokedPath = process.argv[1] ? resolve(process.argv[1]) : '';
if (invokedPath === fileURLToPath(import.meta.url)) {
  process.exitCode = runGenerator(process.argv.slice(2));
}
