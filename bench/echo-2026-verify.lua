-- Sends the exact request of echo-2026.lua and prints the first response (status and body), for server-bench.sh to
-- check that the target answers with a successful tool result before it is measured.
dofile("bench/echo-2026.lua")
local printed = false
function response(status, headers, body)
  if not printed then
    printed = true
    io.write("VERIFY-STATUS ", status, "\n", "VERIFY-BODY ", body:gsub("\n", " "), "\n")
  end
end
