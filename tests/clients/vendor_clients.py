"""Clients written the way real integrations call the three vendors, using only the Python
standard library. The only thing that changes between the real vendor and rosterwire is the base
URL given on the command line. Exits non-zero with a message on the first surprise.

Usage: python3 vendor_clients.py ORIGIN
"""

import json
import sys
import urllib.error
import urllib.request


def call(method, url, headers, body=None):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method=method)
    for name, value in headers.items():
        request.add_header(name, value)
    if data is not None:
        request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def expect(condition, message):
    if not condition:
        print("FAIL:", message)
        sys.exit(1)


def rocketchat(origin):
    # As the rocketchat_API package does: X-Auth-Token / X-User-Id, JSON body, `success` boolean.
    headers = {"X-Auth-Token": "rc-admin-token-9f2c1e7b4d", "X-User-Id": "adminKq3Lw8ZpR2xT"}
    department = "649230d479f5c6e276cf4a12"
    url = f"{origin}/api/v1/livechat/department/{department}/agents"
    status, response_headers, body = call(
        "POST", url, headers,
        {"upsert": [{"agentId": "6529401b024dde05d3f1cd87", "username": "agent.ana"}], "remove": []},
    )
    expect(status == 200, f"rocketchat POST status {status}: {body!r}")
    expect(response_headers.get("Content-Type") == "application/json", "rocketchat content type")
    expect(json.loads(body)["success"] is True, f"rocketchat success flag: {body!r}")
    status, _, body = call("GET", url, headers)
    agents = json.loads(body)["agents"]
    expect([a["username"] for a in agents] == ["agent.ana"], f"rocketchat read-back: {body!r}")
    status, _, body = call("POST", url, {"X-Auth-Token": "wrong", "X-User-Id": "adminKq3Lw8ZpR2xT"},
                           {"upsert": [], "remove": []})
    expect(status == 401 and json.loads(body)["success"] is False, f"rocketchat 401: {body!r}")


def chatwoot(origin):
    # As Chatwoot's own frontend (teams.js updateAgents) and API clients do: api_access_token header.
    headers = {"api_access_token": "cw-acme-admin-token"}
    url = f"{origin}/api/v1/accounts/1/teams/2/team_members"
    status, response_headers, body = call("PATCH", url, headers, {"user_ids": [5, 6]})
    expect(status == 200, f"chatwoot PATCH status {status}: {body!r}")
    expect(response_headers.get("Content-Type").startswith("application/json"), "chatwoot content type")
    expect(sorted(agent["id"] for agent in json.loads(body)) == [5, 6], f"chatwoot members: {body!r}")
    status, _, body = call("GET", url, headers)
    expect(sorted(agent["id"] for agent in json.loads(body)) == [5, 6], f"chatwoot read-back: {body!r}")


def chatdash(origin):
    # The documented call: Authorization header holding the agency API key.
    headers = {"Authorization": "cd-agency-key-7f3a9b"}
    base = f"{origin}/v1/public"
    status, _, body = call("PUT", f"{base}/agents/assign", headers,
                           {"agentIds": ["65a1b2c3d4e5f6a7b8c9d0e2"], "clientId": "64b7f0c2a1e4d5f6a7b8c9d1"})
    expect(status == 200, f"chatdash PUT status {status}: {body!r}")
    expect(json.loads(body) == {"message": "Agent assigned to client successfully"}, f"chatdash body: {body!r}")
    status, _, body = call("GET", f"{base}/agents/65a1b2c3d4e5f6a7b8c9d0e2", headers)
    expect(json.loads(body)["clientId"] == "64b7f0c2a1e4d5f6a7b8c9d1", f"chatdash read-back: {body!r}")


if __name__ == "__main__":
    origin = sys.argv[1].rstrip("/")
    rocketchat(origin)
    chatwoot(origin)
    chatdash(origin)
    print("ok: rocketchat, chatwoot, chatdash")
