"""A developer's app written with the published Rocket.Chat client `rocketchat-api` (module
`rocketchat_API`, installed by .ci/run into .ci/.pydeps): it lists departments, creates a sandbox
department, fills it with agents, reads them back, lists the livechat agents and deletes the
department. Only the server URL differs from a run against a real Rocket.Chat server.

Usage: python3 rocketchat_api_client.py ORIGIN PYDEPS_DIR
"""

import sys

sys.path.insert(0, sys.argv[2])

from rocketchat_API.APIExceptions.RocketExceptions import RocketApiException  # noqa: E402
from rocketchat_API.rocketchat import RocketChat  # noqa: E402


def expect(condition, message):
    if not condition:
        print("FAIL:", message)
        sys.exit(1)


def main(origin):
    rocket = RocketChat(
        user_id="adminKq3Lw8ZpR2xT", auth_token="rc-admin-token-9f2c1e7b4d", server_url=origin
    )
    listed = rocket.call_api_get("livechat/department")
    names = [d["name"] for d in listed["departments"]]
    expect(names == ["Sales", "Support"], f"department list: {listed!r}")

    created = rocket.call_api_post(
        "livechat/department",
        body={
            "department": {
                "enabled": True,
                "showOnRegistration": False,
                "email": "sandbox@example.com",
                "name": "rosterwire-run1-1",
                "showOnOfflineForm": False,
            }
        },
    )
    department = created["department"]
    expect(created["success"] is True and created["agents"] == [], f"create: {created!r}")
    expect(list(department)[-1] == "_id", f"create answers the body's keys, then _id: {department!r}")
    department_id = department["_id"]

    agents = [
        {"agentId": "6529401b024dde05d3f1cd87", "username": "agent.ana"},
        {"agentId": "6529401b024dde05d3f1cd88", "username": "agent.bo"},
    ]
    saved = rocket.call_api_post(
        f"livechat/department/{department_id}/agents", body={"upsert": agents, "remove": []}
    )
    expect(saved == {"success": True}, f"upsert: {saved!r}")
    members = rocket.call_api_get(f"livechat/department/{department_id}/agents")
    expect([a["username"] for a in members["agents"]] == ["agent.ana", "agent.bo"],
           f"read-back: {members!r}")

    # The client pages through the list itself (offset/count), two at a time here.
    everyone = list(rocket.livechat_get_users("agent", count=2))
    expect([u["username"] for u in everyone]
           == ["agent.ana", "agent.bo", "agent.kim", "agent.lee", "rc.viewer"], f"agents: {everyone!r}")
    bo = list(rocket.livechat_get_users("agent", text="agent.bo"))
    expect([u["departments"] for u in bo] == [[department_id]], f"agent's departments: {bo!r}")

    removed = rocket.call_api_delete(f"livechat/department/{department_id}")
    expect(removed == {"success": True}, f"delete: {removed!r}")
    try:
        rocket.call_api_delete(f"livechat/department/{department_id}")
        expect(False, "a second delete must fail")
    except RocketApiException as error:
        expect("error-department-not-found" in str(error), f"second delete: {error!r}")
    listed = rocket.call_api_get("livechat/department")
    expect(listed["total"] == 2, f"list after delete: {listed!r}")
    print("ok: rocketchat_API")


if __name__ == "__main__":
    main(sys.argv[1])
