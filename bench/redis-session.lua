-- wrk script of bench/redis-bench.sh: a handshake-era (2025-06-18) tools/call of `echo` inside one session.
-- The session id comes after `--` on the wrk command line (the bench initializes it with curl first).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Accept"] = "application/json, text/event-stream"
wrk.headers["MCP-Protocol-Version"] = "2025-06-18"
wrk.body = '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"echo","arguments":{"message":"hello from the bench"}}}'

function init(args)
  if args[1] == nil then
    error("usage: wrk ... -s bench/redis-session.lua URL -- SESSION_ID")
  end
  wrk.headers["Mcp-Session-Id"] = args[1]
end
