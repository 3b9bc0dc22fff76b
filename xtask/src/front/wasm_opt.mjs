// Step 4 of the site's build (see mod.rs): binaryen's optimiser, from npm's
// binaryen, run over many wasm modules in one process. Its `wasm-opt`
// command starts Node and compiles binaryen anew for every module, about a
// second each, which for a hundred page chunks was most of the build.
//
// usage: node wasm_opt.mjs BINARYEN_INDEX_JS OPTIMIZE_LEVEL SHRINK_LEVEL FILE…
// Each file is optimised in place, with the same features `wasm-opt
// --enable-bulk-memory --enable-nontrapping-float-to-int` would allow.

import { readFileSync, writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

const [library, optimizeLevel, shrinkLevel, ...files] = process.argv.slice(2);
const { default: binaryen } = await import(pathToFileURL(library).href);
binaryen.setOptimizeLevel(Number(optimizeLevel));
binaryen.setShrinkLevel(Number(shrinkLevel));
binaryen.setDebugInfo(false);
const features = binaryen.Features.BulkMemory | binaryen.Features.NontrappingFPToInt;
for (const file of files) {
  const module = binaryen.readBinary(readFileSync(file));
  module.setFeatures(module.getFeatures() | features);
  if (!module.validate()) {
    console.error(`wasm_opt.mjs: ${file} is not valid wasm`);
    process.exit(1);
  }
  module.optimize();
  writeFileSync(file, module.emitBinary());
  module.dispose();
}
