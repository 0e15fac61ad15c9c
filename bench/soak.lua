-- wrk script for bench/soak.sh: rotates over the three vendors' operations (with credentials,
-- so redaction runs). The requests are formatted once; there is no response callback: the
-- count is bounded by soak.sh, which stops wrk once the journal has numbered enough requests.
local specs = {
  {"PATCH", "/api/v1/accounts/1/teams/1/team_members", '{"user_ids":[3,4,5]}',
   {["api_access_token"] = "cw-acme-admin-token"}},
  {"GET", "/api/v1/accounts/1/teams/1/team_members", nil,
   {["api_access_token"] = "cw-acme-admin-token"}},
  {"POST", "/api/v1/livechat/department/BiqbQav59HD2LzXEY/agents",
   '{"upsert":[{"agentId":"6529401b024dde05d3f1cd87","username":"agent.ana"}],"remove":[]}',
   {["X-Auth-Token"] = "rc-admin-token-9f2c1e7b4d", ["X-User-Id"] = "adminKq3Lw8ZpR2xT"}},
  {"PUT", "/v1/public/agents/assign",
   '{"agentIds":["65a1b2c3d4e5f6a7b8c9d0e2"],"clientId":"64b7f0c2a1e4d5f6a7b8c9d0"}',
   {["Authorization"] = "Bearer cd-agency-key-7f3a9b"}},
}

local formatted = {}
local next_index = 0

function init(args)
  for i, r in ipairs(specs) do
    local headers = {["Content-Type"] = "application/json"}
    for k, v in pairs(r[4]) do headers[k] = v end
    formatted[i] = wrk.format(r[1], r[2], headers, r[3])
  end
end

function request()
  next_index = next_index % #formatted + 1
  return formatted[next_index]
end
