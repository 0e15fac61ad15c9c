-- ChatDash: assign an agent to the client it already belongs to (idempotent).
-- Static: no Lua runs per request or response, so wrk never throttles the server it measures.
wrk.method = "PUT"
wrk.path = "/v1/public/agents/assign"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "cd-agency-key-7f3a9b"
wrk.body = '{"agentIds":["65a1b2c3d4e5f6a7b8c9d0e1"],"clientId":"64b7f0c2a1e4d5f6a7b8c9d0"}'
