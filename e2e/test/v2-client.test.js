// The official TypeScript SDK v2 client (@modelcontextprotocol/client) against the server, 2026-07-28 (stateless).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Client, ProtocolError, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { startBackend } from '../lib/backend.js';
import { renderManifest } from '../lib/manifest.js';
import { assertCleanStop, startServer } from '../lib/server.js';

const MODERN = '2026-07-28';

/** A fetch that records every exchange the transport makes (method, request headers, status, response content type). */
function recordingFetch(log) {
    return async (url, init = {}) => {
        const res = await fetch(url, init);
        const headers = new Headers(init.headers);
        let body;
        try {
            body = typeof init.body === 'string' ? JSON.parse(init.body) : undefined;
        } catch {
            body = undefined;
        }
        log.push({
            method: init.method ?? 'GET',
            headers: Object.fromEntries(headers.entries()),
            body,
            status: res.status,
            contentType: res.headers.get('content-type')
        });
        return res;
    };
}

describe('TypeScript SDK v2 client pinned to 2026-07-28', () => {
    let backend, server, client, transport;
    const wire = [];

    before(async () => {
        backend = await startBackend();
        server = await startServer({ manifest: renderManifest('e2e.yaml', { BACKEND_URL: backend.url }) });
        client = new Client({ name: 'mcp-fleet-e2e-v2', version: '2.0.0' }, { versionNegotiation: { mode: { pin: MODERN } } });
        transport = new StreamableHTTPClientTransport(new URL(server.url), { fetch: recordingFetch(wire) });
        await client.connect(transport);
    });

    after(async () => {
        await client?.close().catch(() => {});
        await server?.stop();
        await backend?.close();
    });

    test('connect discovers the server (server/discover) and runs the modern era without a session', () => {
        assert.equal(client.getProtocolEra(), 'modern');
        assert.equal(client.getNegotiatedProtocolVersion(), MODERN);
        const discover = client.getDiscoverResult();
        assert.ok(discover, 'a DiscoverResult was recorded');
        assert.ok(discover.supportedVersions.includes(MODERN), JSON.stringify(discover.supportedVersions));
        assert.ok(discover.capabilities?.tools, 'tools capability discovered');
        assert.equal(transport.sessionId, undefined, 'no Mcp-Session-Id in the stateless revision');
        const probe = wire.find(e => e.body?.method === 'server/discover');
        assert.ok(probe, 'server/discover was sent');
        assert.equal(probe.status, 200);
        assert.ok(!wire.some(e => e.body?.method === 'initialize'), 'no initialize');
    });

    test('server/discover lists the handshake revisions too (dual-era endpoint)', () => {
        const versions = client.getDiscoverResult().supportedVersions;
        for (const v of ['2025-11-25', '2025-06-18', '2025-03-26']) assert.ok(versions.includes(v), `${v} in ${versions}`);
    });

    test('tools/list: manifest order, schemas, and caching hints', async () => {
        const before = wire.length;
        const result = await client.listTools(undefined, { cacheMode: 'bypass' });
        assert.deepEqual(result.tools.map(t => t.name), ['greet', 'build-info', 'weather', 'create-item', 'upstream-down', 'region-info']);
        assert.equal(result.tools[0].inputSchema.additionalProperties, false);
        const exchange = wire.slice(before).find(e => e.body?.method === 'tools/list');
        assert.ok(exchange, 'tools/list went over the wire');
        assert.equal(exchange.status, 200);
        assert.equal(exchange.headers['mcp-method'], 'tools/list');
        assert.equal(exchange.headers['mcp-protocol-version'], MODERN);
        assert.equal(exchange.body.params?._meta?.['io.modelcontextprotocol/protocolVersion'], MODERN);
    });

    test('raw tools/list carries resultType, ttlMs and cacheScope', async () => {
        const res = await fetch(server.url, {
            method: 'POST',
            headers: {
                'content-type': 'application/json',
                accept: 'application/json, text/event-stream',
                'mcp-protocol-version': MODERN,
                'mcp-method': 'tools/list'
            },
            body: JSON.stringify({
                jsonrpc: '2.0', id: 7, method: 'tools/list',
                params: { _meta: { 'io.modelcontextprotocol/protocolVersion': MODERN, 'io.modelcontextprotocol/clientCapabilities': {} } }
            })
        });
        assert.equal(res.status, 200);
        const body = await res.json();
        assert.equal(body.id, 7);
        assert.equal(body.result.resultType, 'complete');
        assert.ok(Number.isInteger(body.result.ttlMs) && body.result.ttlMs >= 0, `ttlMs ${body.result.ttlMs}`);
        assert.ok(['public', 'private'].includes(body.result.cacheScope), `cacheScope ${body.result.cacheScope}`);
    });

    test('static text tool renders its template', async () => {
        const before = wire.length;
        const result = await client.callTool({ name: 'greet', arguments: { name: 'Lin', punctuation: '?' } });
        assert.notEqual(result.isError, true);
        assert.deepEqual(result.content, [{ type: 'text', text: 'Hello Lin?' }]);
        const exchange = wire.slice(before).find(e => e.body?.method === 'tools/call');
        assert.equal(exchange.headers['mcp-name'], 'greet', 'the SDK sent Mcp-Name');
        assert.equal(exchange.status, 200);
    });

    test('static json tool returns structuredContent', async () => {
        const result = await client.callTool({ name: 'build-info', arguments: {} });
        assert.deepEqual(result.structuredContent, { product: 'mcp-fleet-e2e', build: 42 });
    });

    test('http GET tool reaches the backend and returns its JSON object as structuredContent', async () => {
        const before = backend.requests.length;
        const result = await client.callTool({ name: 'weather', arguments: { city: 'Zürich', units: 'metric' } });
        assert.notEqual(result.isError, true, JSON.stringify(result));
        assert.deepEqual(result.structuredContent, { city: 'Zürich', units: 'metric', temperature: 21, apiKey: 'e2e-key' });
        const seen = backend.requests.slice(before);
        assert.equal(seen.length, 1);
        assert.equal(seen[0].headers['x-api-key'], 'e2e-key');
    });

    test('http POST tool: a JSON-body string that is one placeholder takes the argument as a JSON value', async () => {
        const result = await client.callTool({ name: 'create-item', arguments: { name: 'widget' } });
        assert.notEqual(result.isError, true, JSON.stringify(result));
        assert.equal(result.structuredContent.id, 'item-1');
        // an absent argument is JSON null there (a whole-placeholder string is typed; see server-image Template)
        assert.deepEqual(result.structuredContent.received, { name: 'widget', note: null });
    });

    test('argument validation failure is a tool result with isError', async () => {
        const result = await client.callTool({ name: 'greet', arguments: { name: 7 } });
        assert.equal(result.isError, true);
        assert.ok(result.content[0].text.length > 0);
        const missing = await client.callTool({ name: 'weather', arguments: { city: 'Rome' } });
        assert.equal(missing.isError, true, 'a missing required argument');
    });

    test('http tool whose upstream answers 500 is a tool error', async () => {
        const result = await client.callTool({ name: 'upstream-down', arguments: {} });
        assert.equal(result.isError, true);
        assert.match(result.content[0].text, /500/);
    });

    test('x-mcp-header: the SDK mirrors the argument into Mcp-Param-Region and the server accepts it', async () => {
        await client.listTools(); // the SDK mirrors from its cached tools/list
        const before = wire.length;
        const result = await client.callTool({ name: 'region-info', arguments: { region: 'eu-west 1' } });
        assert.notEqual(result.isError, true, JSON.stringify(result));
        assert.equal(result.content[0].text, 'region eu-west 1');
        const calls = wire.slice(before).filter(e => e.body?.method === 'tools/call');
        assert.equal(calls.length, 1, `one tools/call, no retry: ${JSON.stringify(calls.map(c => [c.status, c.headers['mcp-param-region']]))}`);
        assert.equal(calls[0].headers['mcp-param-region'], 'eu-west 1');
        assert.equal(calls[0].status, 200);
    });

    test('x-mcp-header: a header that disagrees with the body is 400 / -32020', async () => {
        const res = await fetch(server.url, {
            method: 'POST',
            headers: {
                'content-type': 'application/json', accept: 'application/json, text/event-stream',
                'mcp-protocol-version': MODERN, 'mcp-method': 'tools/call', 'mcp-name': 'region-info', 'mcp-param-region': 'us-east-1'
            },
            body: JSON.stringify({
                jsonrpc: '2.0', id: 11, method: 'tools/call',
                params: { name: 'region-info', arguments: { region: 'eu-west-1' }, _meta: { 'io.modelcontextprotocol/protocolVersion': MODERN, 'io.modelcontextprotocol/clientCapabilities': {} } }
            })
        });
        assert.equal(res.status, 400);
        assert.equal((await res.json()).error?.code, -32020);
    });

    test('unknown tool is JSON-RPC error -32602', async () => {
        await assert.rejects(client.callTool({ name: 'no-such-tool', arguments: {} }), err => {
            assert.ok(err instanceof ProtocolError, `${err?.constructor?.name}: ${err}`);
            assert.equal(err.code, -32602);
            return true;
        });
    });

    test('progress notifications (as an SSE response) when the client asks for them', async () => {
        const progress = [];
        const before = wire.length;
        const result = await client.callTool({ name: 'weather', arguments: { city: 'Lima', units: 'metric' } }, {
            onprogress: p => progress.push(p)
        });
        assert.notEqual(result.isError, true);
        assert.ok(progress.length >= 1, 'at least one progress notification');
        const exchange = wire.slice(before).find(e => e.body?.method === 'tools/call');
        assert.match(exchange.contentType ?? '', /text\/event-stream/, 'the response became an SSE stream');
    });

    test('ping is not a 2026-07-28 method: 404 / -32601', async () => {
        const res = await fetch(server.url, {
            method: 'POST',
            headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'mcp-protocol-version': MODERN, 'mcp-method': 'ping' },
            body: JSON.stringify({
                jsonrpc: '2.0', id: 3, method: 'ping',
                params: { _meta: { 'io.modelcontextprotocol/protocolVersion': MODERN, 'io.modelcontextprotocol/clientCapabilities': {} } }
            })
        });
        assert.equal(res.status, 404);
        assert.equal((await res.json()).error?.code, -32601);
    });

    test('close() ends the client without any session traffic', async () => {
        const before = wire.length;
        await client.close();
        assert.ok(!wire.slice(before).some(e => e.method === 'DELETE'), 'no DELETE: there is no session to end');
        client = undefined;
    });

    test('SIGTERM stops the server cleanly; it logged no ERROR', async t => {
        await assertCleanStop(t, server, assert);
    });
});

describe('TypeScript SDK v2 client in other negotiation modes', () => {
    let server;
    before(async () => {
        server = await startServer({ manifest: renderManifest('e2e.yaml', { BACKEND_URL: 'http://127.0.0.1:9' }) });
    });
    after(async () => server?.stop());

    test("mode 'auto' probes and picks the modern era", async () => {
        const client = new Client({ name: 'auto', version: '1' }, { versionNegotiation: { mode: 'auto' } });
        await client.connect(new StreamableHTTPClientTransport(new URL(server.url)));
        try {
            assert.equal(client.getProtocolEra(), 'modern');
            assert.equal((await client.callTool({ name: 'greet', arguments: { name: 'auto' } })).content[0].text, 'Hello auto');
        } finally {
            await client.close();
        }
    });

    test("the default ('legacy') mode runs the 2025-11-25 handshake with a session", async () => {
        const client = new Client({ name: 'legacy', version: '1' });
        const transport = new StreamableHTTPClientTransport(new URL(server.url));
        await client.connect(transport);
        try {
            assert.equal(client.getProtocolEra(), 'legacy');
            assert.equal(client.getNegotiatedProtocolVersion(), '2025-11-25');
            assert.ok(transport.sessionId, 'session id issued');
            assert.equal((await client.callTool({ name: 'greet', arguments: { name: 'old' } })).content[0].text, 'Hello old');
            await transport.terminateSession();
        } finally {
            await client.close();
        }
    });
});
