// The official TypeScript SDK v1 client (@modelcontextprotocol/sdk, handshake era) against the server.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { McpError } from '@modelcontextprotocol/sdk/types.js';
import { startBackend } from '../lib/backend.js';
import { renderManifest } from '../lib/manifest.js';
import { assertCleanStop, startServer } from '../lib/server.js';

const HANDSHAKE_VERSIONS = ['2025-11-25', '2025-06-18', '2025-03-26'];

describe('TypeScript SDK v1 client (handshake era)', () => {
    let backend, server, client, transport;

    before(async () => {
        backend = await startBackend();
        server = await startServer({ manifest: renderManifest('e2e.yaml', { BACKEND_URL: backend.url }) });
        client = new Client({ name: 'mcp-fleet-e2e-v1', version: '1.0.0' });
        transport = new StreamableHTTPClientTransport(new URL(server.url));
        await client.connect(transport);
    });

    after(async () => {
        await client?.close().catch(() => {});
        await server?.stop();
        await backend?.close();
    });

    test('initialize negotiates a handshake-era version and issues a session id', () => {
        assert.ok(HANDSHAKE_VERSIONS.includes(transport.protocolVersion), `negotiated ${transport.protocolVersion}`);
        assert.equal(transport.protocolVersion, '2025-11-25', 'the newest version both speak');
        assert.match(transport.sessionId ?? '', /^[\x21-\x7E]{16,}$/, 'a visible-ASCII session id of some length');
        assert.ok(client.getServerCapabilities()?.tools, 'tools capability advertised');
        assert.ok(client.getServerVersion()?.name, 'serverInfo.name present');
    });

    test('ping', async () => {
        assert.deepEqual(await client.ping(), {});
    });

    test('tools/list lists the manifest tools in manifest order with their schemas', async () => {
        const { tools } = await client.listTools();
        assert.deepEqual(tools.map(t => t.name), ['greet', 'build-info', 'weather', 'create-item', 'upstream-down', 'region-info']);
        const greet = tools.find(t => t.name === 'greet');
        assert.equal(greet.title, 'Greet');
        assert.deepEqual(greet.inputSchema.required, ['name']);
        assert.equal(greet.inputSchema.additionalProperties, false);
        assert.deepEqual(tools.find(t => t.name === 'weather').annotations, { readOnlyHint: true });
        assert.deepEqual(tools.find(t => t.name === 'build-info').outputSchema.required, ['product', 'build']);
    });

    test('static text tool renders its template from the arguments', async () => {
        const result = await client.callTool({ name: 'greet', arguments: { name: 'Ada', punctuation: '!' } });
        assert.notEqual(result.isError, true);
        assert.deepEqual(result.content, [{ type: 'text', text: 'Hello Ada!' }]);
        const noPunct = await client.callTool({ name: 'greet', arguments: { name: 'Grace' } });
        assert.deepEqual(noPunct.content, [{ type: 'text', text: 'Hello Grace' }], 'absent argument renders empty');
    });

    test('static json tool returns structuredContent (validated by the SDK against outputSchema)', async () => {
        const result = await client.callTool({ name: 'build-info', arguments: {} });
        assert.notEqual(result.isError, true);
        assert.deepEqual(result.structuredContent, { product: 'mcp-fleet-e2e', build: 42 });
        assert.equal(result.content[0].type, 'text');
        assert.deepEqual(JSON.parse(result.content[0].text), { product: 'mcp-fleet-e2e', build: 42 });
    });

    test('http GET tool templates path, query and headers; JSON object → structuredContent', async () => {
        const before = backend.requests.length;
        const result = await client.callTool({ name: 'weather', arguments: { city: 'São Paulo/Centro', units: 'imperial' } });
        assert.notEqual(result.isError, true, JSON.stringify(result));
        assert.deepEqual(result.structuredContent, { city: 'São Paulo/Centro', units: 'imperial', temperature: 70, apiKey: 'e2e-key' });
        const seen = backend.requests.slice(before);
        assert.equal(seen.length, 1);
        assert.equal(seen[0].method, 'GET');
        assert.equal(seen[0].path, '/weather/S%C3%A3o%20Paulo%2FCentro', 'the path argument is URL-encoded (a / too)');
        assert.deepEqual(seen[0].query, { units: 'imperial' });
    });

    test('http POST tool sends a JSON body with JSON-escaped arguments', async () => {
        const before = backend.requests.length;
        const name = 'quote " and \\ backslash';
        const result = await client.callTool({ name: 'create-item', arguments: { name, note: 'line1\nline2' } });
        assert.notEqual(result.isError, true, JSON.stringify(result));
        const seen = backend.requests.slice(before);
        assert.equal(seen.length, 1);
        assert.equal(seen[0].method, 'POST');
        assert.deepEqual(JSON.parse(seen[0].body), { name, note: 'line1\nline2' });
        assert.deepEqual(result.structuredContent?.received, { name, note: 'line1\nline2' });
    });

    test('http tool whose upstream answers 500 is a tool error naming the status', async () => {
        const result = await client.callTool({ name: 'upstream-down', arguments: {} });
        assert.equal(result.isError, true);
        assert.match(result.content.map(c => c.text).join(' '), /500/);
    });

    test('arguments that fail the inputSchema are a tool result with isError, not a protocol error', async () => {
        for (const args of [{}, { name: 42 }, { name: 'Ada', extra: true }, { name: 'Ada', punctuation: ';' }, { name: '' }]) {
            const result = await client.callTool({ name: 'greet', arguments: args });
            assert.equal(result.isError, true, `arguments ${JSON.stringify(args)} should be rejected: ${JSON.stringify(result)}`);
            assert.ok(result.content?.[0]?.text?.length > 0, 'the error says why');
        }
    });

    test('unknown tool is JSON-RPC error -32602', async () => {
        await assert.rejects(client.callTool({ name: 'no-such-tool', arguments: {} }), err => {
            assert.ok(err instanceof McpError, String(err));
            assert.equal(err.code, -32602);
            return true;
        });
    });

    test('progress notifications arrive when the client asks for them', async () => {
        const progress = [];
        const result = await client.callTool({ name: 'weather', arguments: { city: 'Oslo', units: 'metric' } }, undefined, {
            onprogress: p => progress.push(p)
        });
        assert.notEqual(result.isError, true);
        assert.ok(progress.length >= 1, 'at least one notifications/progress');
        for (let i = 1; i < progress.length; i++) assert.ok(progress[i].progress > progress[i - 1].progress, 'progress increases');
    });

    test('the session works across several concurrent calls', async () => {
        const results = await Promise.all(
            Array.from({ length: 20 }, (_, i) => client.callTool({ name: 'greet', arguments: { name: `n${i}` } }))
        );
        results.forEach((r, i) => assert.equal(r.content[0].text, `Hello n${i}`));
    });

    test('terminating the session (DELETE) makes its id unknown (404)', async () => {
        const sessionId = transport.sessionId;
        await transport.terminateSession();
        assert.equal(transport.sessionId, undefined);
        const res = await fetch(server.url, {
            method: 'POST',
            headers: {
                'content-type': 'application/json',
                accept: 'application/json, text/event-stream',
                'mcp-session-id': sessionId,
                'mcp-protocol-version': '2025-11-25'
            },
            body: JSON.stringify({ jsonrpc: '2.0', id: 99, method: 'tools/list' })
        });
        assert.equal(res.status, 404, 'a terminated session is unknown');
        await res.body?.cancel();
    });

    test('a new client can reconnect after the session ends', async () => {
        const c2 = new Client({ name: 'mcp-fleet-e2e-v1b', version: '1.0.0' });
        const t2 = new StreamableHTTPClientTransport(new URL(server.url));
        await c2.connect(t2);
        assert.ok(t2.sessionId);
        assert.equal((await c2.callTool({ name: 'greet', arguments: { name: 'again' } })).content[0].text, 'Hello again');
        await t2.terminateSession();
        await c2.close();
    });

    test('SIGTERM stops the server cleanly; it logged no ERROR', async t => {
        await client.close();
        await assertCleanStop(t, server, assert);
    });
});

describe('TypeScript SDK v1 client at older handshake revisions', () => {
    let server;
    before(async () => {
        server = await startServer({ manifest: renderManifest('e2e.yaml', { BACKEND_URL: 'http://127.0.0.1:9' }) });
    });
    after(async () => server?.stop());

    for (const version of ['2025-06-18', '2025-03-26']) {
        test(`initialize asking for ${version} gets ${version}`, async () => {
            const res = await fetch(server.url, {
                method: 'POST',
                headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
                body: JSON.stringify({
                    jsonrpc: '2.0', id: 1, method: 'initialize',
                    params: { protocolVersion: version, capabilities: {}, clientInfo: { name: 'raw', version: '0' } }
                })
            });
            assert.equal(res.status, 200);
            const sessionId = res.headers.get('mcp-session-id');
            const text = await res.text();
            const body = res.headers.get('content-type')?.includes('text/event-stream')
                ? JSON.parse(text.split('\n').find(l => l.startsWith('data:')).slice(5))
                : JSON.parse(text);
            assert.equal(body.result.protocolVersion, version);
            if (sessionId) {
                const del = await fetch(server.url, { method: 'DELETE', headers: { 'mcp-session-id': sessionId, 'mcp-protocol-version': version } });
                assert.ok([200, 202, 204, 405].includes(del.status), `DELETE → ${del.status}`);
            }
        });
    }
});
