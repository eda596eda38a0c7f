// examples/quickstart.yaml, run as it is, with both SDK clients.
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Client as ClientV1 } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport as TransportV1 } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { Client as ClientV2, StreamableHTTPClientTransport as TransportV2 } from '@modelcontextprotocol/client';
import { assertCleanStop, REPO_ROOT, startServer } from '../lib/server.js';

describe('examples/quickstart.yaml', () => {
    let server;
    before(async () => {
        server = await startServer({ manifest: resolve(REPO_ROOT, 'examples/quickstart.yaml') });
    });
    after(async () => server?.stop());

    test('GET /health is 200', async () => {
        const res = await fetch(`${server.baseUrl}/health`);
        assert.equal(res.status, 200);
        await res.body?.cancel();
    });

    const clients = {
        'v1 client (2025-11-25)': () => [new ClientV1({ name: 'quickstart-v1', version: '1' }), new TransportV1(new URL(server.url))],
        'v2 client (2026-07-28)': () => [
            new ClientV2({ name: 'quickstart-v2', version: '2' }, { versionNegotiation: { mode: { pin: '2026-07-28' } } }),
            new TransportV2(new URL(server.url))
        ]
    };

    for (const [label, make] of Object.entries(clients)) {
        test(`${label}: echo and fleet-info`, async () => {
            const [client, transport] = make();
            await client.connect(transport);
            try {
                const { tools } = await client.listTools();
                assert.deepEqual(tools.map(t => t.name), ['echo', 'fleet-info']);

                const message = `héllo {{not a template}} "${label}"`;
                const echo = await client.callTool({ name: 'echo', arguments: { message } });
                assert.notEqual(echo.isError, true);
                assert.deepEqual(echo.content, [{ type: 'text', text: message }], 'echo returns the message as is');

                const bad = await client.callTool({ name: 'echo', arguments: { message: 'x', extra: 1 } });
                assert.equal(bad.isError, true, 'additionalProperties: false is enforced');

                const info = await client.callTool({ name: 'fleet-info', arguments: {} });
                assert.notEqual(info.isError, true);
                assert.equal(info.structuredContent.product, 'mcp-fleet');
                assert.ok(info.structuredContent.eras.includes('2026-07-28'));
                assert.ok(info.structuredContent.eras.includes('2025-11-25'));
                if (transport.sessionId) await transport.terminateSession();
            } finally {
                await client.close();
            }
        });
    }

    test('SIGTERM stops the server cleanly; it logged no ERROR', async t => {
        await assertCleanStop(t, server, assert);
    });
});
