"""A developer's app written with Chatwoot's published, swagger-generated Python client
(PyPI `chatwoot-python-client`, installed by `.ci/run` into `.ci/.pydeps`). It builds a sandbox
team the way the rosterwire runner will: list teams, create one, fill it, read it back, change
it, delete it, and list the account's agents. Only the base URL differs from a real server.

The client's own default host is `https://app.chatwoot.com/` (with a trailing `/`) and it
joins `host + "/api/v1/..."`, so every request path starts with `//`: this also exercises the
mock's Rails path normalization.

Usage: python3 chatwoot_swagger_client.py ORIGIN PYDEPS_DIR
Prints `ok: ...` and exits 0, or prints `FAIL: ...` and exits 1 on the first surprise.
"""

import sys


def expect(condition, message):
    if not condition:
        print("FAIL:", message)
        sys.exit(1)


def main(origin, pydeps):
    sys.path.insert(0, pydeps)
    import chatwoot_client
    from chatwoot_client.rest import ApiException

    configuration = chatwoot_client.Configuration()
    configuration.host = origin.rstrip("/") + "/"  # as the client's default host is written
    configuration.api_key["api_access_token"] = "cw-acme-admin-token"
    api_client = chatwoot_client.ApiClient(configuration)
    teams = chatwoot_client.TeamsApi(api_client)
    agents = chatwoot_client.AgentsApi(api_client)
    account = 1

    before = teams.list_all_teams(account)
    expect([t.name for t in before] == ["sales", "support"], f"teams before: {before}")

    created = teams.create_a_team(
        chatwoot_client.TeamCreateUpdatePayload(
            name="Rosterwire-Run-1", description="sandbox", allow_auto_assign=False
        ),
        account,
    )
    expect(created.id == 4 and created.name == "rosterwire-run-1", f"created: {created}")
    expect(created.allow_auto_assign is False and created.is_member is False, f"created: {created}")

    replaced = teams.update_agents_in_team(
        chatwoot_client.TeamIdTeamMembersBody2(user_ids=[3, 5]), account, created.id
    )
    expect(sorted(a.id for a in replaced) == [3, 5], f"replaced: {replaced}")
    added = teams.add_new_agent_to_team(
        chatwoot_client.TeamIdTeamMembersBody(user_ids=[6, 3]), account, created.id
    )
    expect([a.id for a in added] == [6], f"added: {added}")
    members = teams.get_team_members(account, created.id)
    expect(sorted(a.id for a in members) == [3, 5, 6], f"members: {members}")
    expect(all(a.role == "agent" and a.account_id == account for a in members), f"members: {members}")

    updated = teams.update_a_team(
        chatwoot_client.TeamCreateUpdatePayload(description="sandbox, filled"), account, created.id
    )
    expect(updated.description == "sandbox, filled" and updated.name == created.name, f"updated: {updated}")
    shown = teams.get_details_of_a_single_team(account, created.id)
    expect(shown.to_dict() == updated.to_dict(), f"shown: {shown}")

    teams.delete_agent_in_team(
        chatwoot_client.TeamIdTeamMembersBody1(user_ids=[6]), account, created.id
    )
    expect(sorted(a.id for a in teams.get_team_members(account, created.id)) == [3, 5], "after removal")

    try:
        teams.create_a_team(chatwoot_client.TeamCreateUpdatePayload(name="SALES"), account)
        expect(False, "a duplicate name was accepted")
    except ApiException as error:
        expect(error.status == 422, f"duplicate name: {error.status} {error.body!r}")

    teams.delete_a_team(account, created.id)
    after = teams.list_all_teams(account)
    expect([t.id for t in after] == [t.id for t in before], f"teams after: {after}")
    try:
        teams.get_details_of_a_single_team(account, created.id)
        expect(False, "the deleted team is still there")
    except ApiException as error:
        expect(error.status == 404, f"deleted team: {error.status} {error.body!r}")

    listed = agents.get_account_agents(account)
    expect([a.id for a in listed] == [1, 2, 3, 4, 5, 6, 7], f"agents: {listed}")
    expect(listed[0].role == "administrator", f"agents: {listed}")
    print(f"ok: chatwoot-python-client {chatwoot_client_version(pydeps)}: teams, team members, agents")


def chatwoot_client_version(pydeps):
    import importlib.metadata

    for dist in importlib.metadata.distributions(path=[pydeps]):
        if dist.metadata["Name"] == "chatwoot-python-client":
            return dist.version
    return "?"


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
