-- Rocket.Chat: upsert one agent into the Sales department as the admin (idempotent, so state stays flat).
-- Static: no Lua runs per request or response, so wrk never throttles the server it measures.
wrk.method = "POST"
wrk.path = "/api/v1/livechat/department/BiqbQav59HD2LzXEY/agents"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["X-User-Id"] = "adminKq3Lw8ZpR2xT"
wrk.headers["X-Auth-Token"] = "rc-admin-token-9f2c1e7b4d"
wrk.body = '{"upsert":[{"agentId":"6529401b024dde05d3f1cd87","username":"agent.ana","count":1,"order":2}],"remove":[]}'
