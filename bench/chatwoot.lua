-- Chatwoot: replace team 1's members with three agents as the account administrator.
-- Static: no Lua runs per request or response, so wrk never throttles the server it measures.
wrk.method = "PATCH"
wrk.path = "/api/v1/accounts/1/teams/1/team_members"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["api_access_token"] = "cw-acme-admin-token"
wrk.body = '{"user_ids":[3,4,5]}'
