// Regenerates the types from ../../openapi/openapi.json into a temporary file and fails
// (exit code 1) when they differ from the committed src/schema.d.ts.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(import.meta.url);
const cli = join(dirname(require.resolve("openapi-typescript/package.json")), "bin", "cli.js");
const committedPath = join(root, "src", "schema.d.ts");
const dir = mkdtempSync(join(tmpdir(), "newsroom-schema-"));
const freshPath = join(dir, "schema.d.ts");

try {
  execFileSync(process.execPath, [cli, "../../openapi/openapi.json", "-o", freshPath], {
    cwd: root,
    stdio: ["ignore", "ignore", "inherit"],
  });
  const committed = readFileSync(committedPath, "utf8").split("\n");
  const fresh = readFileSync(freshPath, "utf8").split("\n");
  const line = committed.findIndex((text, i) => text !== fresh[i]);
  if (line === -1 && committed.length === fresh.length) {
    console.log("src/schema.d.ts is up to date with openapi/openapi.json");
  } else {
    const at = line === -1 ? Math.min(committed.length, fresh.length) : line;
    console.error(`src/schema.d.ts is out of date with openapi/openapi.json (first difference at line ${at + 1}):`);
    console.error(`  committed:   ${JSON.stringify(committed[at] ?? "<end of file>")}`);
    console.error(`  regenerated: ${JSON.stringify(fresh[at] ?? "<end of file>")}`);
    console.error("Run `npm run generate` in clients/typescript and commit src/schema.d.ts.");
    process.exitCode = 1;
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
