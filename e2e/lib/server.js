// Starts the mcp-fleet server jar on a free loopback port with a given manifest, and stops it with SIGTERM.
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SERVER_JAR = process.env.MCP_FLEET_SERVER_JAR ?? resolve(REPO_ROOT, 'server-image/target/mcp-fleet-server.jar');

const LISTENING = /listening on (http:\/\/127\.0\.0\.1:(\d+)\/mcp)/;

let snapshot;
/** Runs from a private copy of the jar, so a rebuild of server-image during a run cannot pull it away under the JVM. */
function jarSnapshot() {
    if (!snapshot) {
        snapshot = join(mkdtempSync(join(tmpdir(), 'mcp-fleet-jar-')), 'mcp-fleet-server.jar');
        copyFileSync(SERVER_JAR, snapshot);
    }
    return snapshot;
}

/**
 * @param {object} opts
 * @param {string} opts.manifest path of an McpServer YAML
 * @param {string[]} [opts.jvmArgs] extra JVM flags (default: a small heap and fast start-up)
 * @param {number} [opts.startTimeoutMs]
 * @returns {Promise<{url: string, baseUrl: string, port: number, pid: number, output: () => string, stop: () => Promise<number|null>}>}
 */
export async function startServer({ manifest, jvmArgs, startTimeoutMs = 60_000 }) {
    if (!existsSync(SERVER_JAR)) {
        throw new Error(`${SERVER_JAR} is missing: build it with \`make ${'server-image/target/mcp-fleet-server.jar'}\` (or run \`make e2e\`)`);
    }
    const args = [
        ...(jvmArgs ?? ['-Xmx128m', '-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1', '-Xshare:auto']),
        '-jar', jarSnapshot(), '--manifest', manifest, '--host', '127.0.0.1', '--port', '0'
    ];
    const child = spawn('java', args, { stdio: ['ignore', 'pipe', 'pipe'], cwd: REPO_ROOT });
    let out = '';
    const append = chunk => {
        out += chunk.toString();
        if (out.length > 200_000) out = out.slice(-100_000);
    };
    child.stdout.on('data', append);
    child.stderr.on('data', append);
    const exited = new Promise(res => child.once('exit', (code, signal) => res(code ?? signal)));

    const port = await new Promise((res, rej) => {
        const timer = setTimeout(() => {
            child.kill('SIGKILL');
            rej(new Error(`server did not print "listening on ..." within ${startTimeoutMs} ms; output:\n${out}`));
        }, startTimeoutMs);
        const onData = () => {
            const m = LISTENING.exec(out);
            if (m) {
                clearTimeout(timer);
                child.stdout.off('data', onData);
                res(Number(m[2]));
            }
        };
        child.stdout.on('data', onData);
        exited.then(code => {
            clearTimeout(timer);
            rej(new Error(`server exited (${code}) before listening; output:\n${out}`));
        });
    });

    const baseUrl = `http://127.0.0.1:${port}`;
    return {
        url: `${baseUrl}/mcp`,
        baseUrl,
        port,
        pid: child.pid,
        output: () => out,
        /** Lines of the server's output that report a problem: ERROR-level log lines, uncaught exceptions. */
        problems: () => out.split('\n').filter(l => /"level":"ERROR"|^Exception in thread|^\s*at [\w$.]+\(/.test(l)),
        /** SIGTERM, then wait for the exit (SIGKILL after 30 s); resolves with the exit code or signal. */
        async stop() {
            if (child.exitCode !== null || child.signalCode !== null) return child.exitCode ?? child.signalCode;
            child.kill('SIGTERM');
            const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
            const code = await exited;
            clearTimeout(timer);
            return code;
        }
    };
}

/** The last test of a suite: SIGTERM ends the server cleanly, and it logged no ERROR and no uncaught exception. */
export async function assertCleanStop(t, server, assert) {
    const code = await server.stop();
    assert.ok(code === 0 || code === 143 || code === 'SIGTERM', `exit on SIGTERM: ${code}`);
    const problems = server.problems();
    assert.deepEqual(problems.slice(0, 5).map(l => l.slice(0, 600)), [], `${problems.length} problem line(s) in the server output`);
}
