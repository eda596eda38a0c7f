// Copies a manifest from e2e/manifests/ to a temp file, replacing ${BACKEND_URL} with the test backend's URL.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const MANIFESTS = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'manifests');

export function renderManifest(name, vars = {}) {
    let text = readFileSync(join(MANIFESTS, name), 'utf8');
    for (const [key, value] of Object.entries(vars)) text = text.replaceAll('${' + key + '}', value);
    const left = /\$\{[A-Z_]+\}/.exec(text);
    if (left) throw new Error(`manifest ${name} still has ${left[0]} after rendering`);
    const dir = mkdtempSync(join(tmpdir(), 'mcp-fleet-e2e-'));
    const file = join(dir, basename(name));
    writeFileSync(file, text);
    return file;
}
