// The official MCP conformance suite against the server, every server scenario of every revision we speak
// (2025-03-26, 2025-06-18, 2025-11-25 handshake era; 2026-07-28 stateless), judged against
// e2e/conformance-expected-failures.json: an unlisted scenario must pass; a listed one must still fail (else the
// entry is stale) and is reported with its reason.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startBackend } from '../lib/backend.js';
import { judge, listScenarios, loadExpectedFailures, pool, runScenario, SPEC_VERSIONS } from '../lib/conformance.js';
import { renderManifest } from '../lib/manifest.js';
import { assertCleanStop, startServer } from '../lib/server.js';

const CONCURRENCY = Number(process.env.CONFORMANCE_CONCURRENCY ?? 2);

describe('MCP conformance suite', async () => {
    // the scenario lists are needed to declare the tests, before any server runs
    const plan = [];
    for (const specVersion of SPEC_VERSIONS) {
        for (const scenario of await listScenarios(specVersion)) plan.push({ scenario, specVersion });
    }
    const expectedFor = loadExpectedFailures();
    let backend, server;
    const results = new Map();

    before(async () => {
        backend = await startBackend();
        server = await startServer({ manifest: renderManifest('conformance.yaml', { BACKEND_URL: backend.url }) });
        const out = await pool(plan.map(p => () => runScenario(server.url, p.scenario, p.specVersion)), CONCURRENCY);
        for (const r of out) results.set(`${r.specVersion} ${r.scenario}`, r);
    });

    after(async () => {
        await server?.stop();
        await backend?.close();
    });

    test('the suite offers scenarios for every revision', () => {
        for (const v of SPEC_VERSIONS) assert.ok(plan.some(p => p.specVersion === v), `no scenario for ${v}`);
        assert.ok(plan.length >= 60, `only ${plan.length} scenario runs planned`);
    });

    for (const { scenario, specVersion } of plan) {
        const expected = expectedFor(scenario, specVersion);
        const label = expected.wholesale ? `${specVersion} ${scenario} (expected failure: ${expected.wholesale})` : `${specVersion} ${scenario}`;
        test(label, t => {
            const result = results.get(`${specVersion} ${scenario}`);
            assert.ok(result, 'the scenario ran');
            const verdict = judge(result, expected);
            for (const reason of verdict.reasons) t.diagnostic(`expected failure — ${reason}`);
            for (const w of result.warnings) t.diagnostic(`warning: ${w}`);
            assert.ok(verdict.ok, `${specVersion} ${scenario}: ${verdict.problems.join('\n')}`);
        });
    }

    test('after the whole suite (bad input included) SIGTERM stops the server cleanly; it logged no ERROR', async t => {
        await assertCleanStop(t, server, assert);
    });
});
