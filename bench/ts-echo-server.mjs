// The TypeScript SDK v2 peer for bench/server-bench.sh: a stateless MCP server (2026-07-28, with the SDK's
// stateless 2025-era fallback) serving one `echo` tool with the same input schema as examples/quickstart.yaml.
// Usage: node bench/ts-echo-server.mjs [PORT]   (PORT 0 or absent = any free port; always bound to 127.0.0.1)
// Its dependencies are e2e's (pinned in e2e/package-lock.json; `cd e2e && npm ci`), resolved from there.
import { createServer } from 'node:http';
import { createRequire } from 'node:module';

const requireFromE2e = createRequire(new URL('../e2e/package.json', import.meta.url));
const { createMcpHandler, fromJsonSchema, McpServer } = requireFromE2e('@modelcontextprotocol/server');
const { localhostHostValidation, localhostOriginValidation, toNodeHandler } = requireFromE2e('@modelcontextprotocol/node');

const port = Number(process.argv[2] ?? 0);

const echoInput = fromJsonSchema({
    type: 'object',
    properties: { message: { type: 'string', description: 'The text to send back.' } },
    required: ['message'],
    additionalProperties: false
});

function factory() {
    const server = new McpServer({ name: 'ts-echo-server', version: '1.0.0' });
    server.registerTool(
        'echo',
        { title: 'Echo', description: 'Returns the message it is given.', inputSchema: echoInput },
        async ({ message }) => ({ content: [{ type: 'text', text: message }] })
    );
    return server;
}

const handler = toNodeHandler(createMcpHandler(factory));
const validateHost = localhostHostValidation();
const validateOrigin = localhostOriginValidation();

const httpServer = createServer(async (req, res) => {
    if (!validateHost(req, res) || !validateOrigin(req, res)) return;
    const path = (req.url ?? '/').split('?')[0];
    if (path !== '/mcp') {
        res.writeHead(404).end();
        return;
    }
    try {
        await handler(req, res);
    } catch (err) {
        if (!res.headersSent) res.writeHead(500);
        res.end();
        console.error(err);
    }
});
httpServer.listen(port, '127.0.0.1', () => {
    console.log(`ts-echo-server listening on http://127.0.0.1:${httpServer.address().port}/mcp`);
});
const stop = () => httpServer.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
