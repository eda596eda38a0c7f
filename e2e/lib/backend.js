// A tiny HTTP API on 127.0.0.1 (free port) for the manifests' `http` tools; it records every request it gets.
import { createServer } from 'node:http';

export async function startBackend() {
    const requests = [];
    const server = createServer((req, res) => {
        const chunks = [];
        req.on('data', c => chunks.push(c));
        req.on('end', () => {
            const url = new URL(req.url, 'http://backend');
            const body = Buffer.concat(chunks).toString('utf8');
            const seen = { method: req.method, path: url.pathname, query: Object.fromEntries(url.searchParams), headers: req.headers, body };
            requests.push(seen);
            const json = (status, value) => {
                res.writeHead(status, { 'content-type': 'application/json' });
                res.end(JSON.stringify(value));
            };
            if (url.pathname.startsWith('/weather/')) {
                // GET /weather/{city}?units=...
                const city = decodeURIComponent(url.pathname.slice('/weather/'.length));
                const units = url.searchParams.get('units') ?? 'metric';
                return json(200, { city, units, temperature: units === 'imperial' ? 70 : 21, apiKey: req.headers['x-api-key'] ?? null });
            }
            if (url.pathname === '/items' && req.method === 'POST') {
                let parsed;
                try {
                    parsed = JSON.parse(body);
                } catch {
                    return json(400, { error: 'body is not JSON', body });
                }
                return json(201, { id: 'item-1', received: parsed, contentType: req.headers['content-type'] ?? null });
            }
            if (url.pathname === '/text') {
                res.writeHead(200, { 'content-type': 'text/plain' });
                return res.end(`plain text for ${url.searchParams.get('q') ?? ''}`);
            }
            if (url.pathname === '/fail') {
                return json(500, { error: 'This upstream always fails' });
            }
            json(404, { error: 'not found', path: url.pathname });
        });
    });
    await new Promise(res => server.listen(0, '127.0.0.1', res));
    const { port } = server.address();
    return {
        url: `http://127.0.0.1:${port}`,
        requests,
        close: () => new Promise(res => { server.closeAllConnections?.(); server.close(() => res()); })
    };
}
