//! The write: 200 answers and what they do to the records (read back from `Engine::world`).

use super::*;

#[rstest]
#[case::documented(Fidelity::Documented, Provenance::Documented)]
#[case::observed(Fidelity::Observed, Provenance::Observed)]
fn empty_arrays_answer_a_boolean_success_and_change_nothing(
    #[case] fidelity: Fidelity,
    #[case] provenance: Provenance,
) {
    let engine = engine_with(fidelity, RocketChatValidation::Meteor);
    let before = engine.world().to_json_pretty();
    let response = Call::post(SALES)
        .json(r#"{"upsert":[],"remove":[]}"#)
        .send(&engine);
    assert_eq!(
        status_and_body(&response),
        (200, r#"{"success":true}"#.to_owned())
    );
    assert_eq!(response.provenance, provenance);
    assert_eq!(engine.world().to_json_pretty(), before);
}

#[test]
fn an_upsert_adds_a_record_with_the_users_username_and_recounts() {
    let engine = engine();
    let body = format!(
        r#"{{"upsert":[{{"agentId":"{ANA}","username":"whatever","count":4,"order":2}}],"remove":[]}}"#
    );
    assert_eq!(
        Call::post(SUPPORT).json(&body).send(&engine).status,
        StatusCode::OK
    );
    assert_eq!(
        records(&engine, SUPPORT),
        [
            json!({"agentId": ANA, "username": "agent.ana", "count": 4, "order": 2, "departmentEnabled": true})
        ]
    );
    assert_eq!(num_agents(&engine, SUPPORT), 1);
    let id = record_id(&engine, SUPPORT, ANA).unwrap();
    assert_eq!(id.len(), 24);
    assert!(id.bytes().all(|b| b.is_ascii_hexdigit()));
}

#[test]
fn unknown_users_are_skipped_and_users_without_the_agent_role_are_added() {
    let engine = engine();
    let body = format!(
        r#"{{"upsert":[{{"agentId":"nobody-by-this-id"}},{{"agentId":"{PAT}"}}],"remove":[{{"agentId":"{BO}"}}]}}"#
    );
    let response = Call::post(SUPPORT).json(&body).send(&engine);
    assert_eq!(
        status_and_body(&response),
        (200, r#"{"success":true}"#.to_owned())
    );
    assert_eq!(
        records(&engine, SUPPORT),
        [
            json!({"agentId": PAT, "username": "plain.pat", "count": 0, "order": 0, "departmentEnabled": true})
        ]
    );
}

#[test]
fn removals_run_before_upserts_and_a_removed_then_added_agent_gets_a_new_id() {
    let engine = engine();
    let old_kim = record_id(&engine, SALES, KIM).unwrap();
    let old_lee = record_id(&engine, SALES, LEE).unwrap();
    let body = format!(
        r#"{{"upsert":[{{"agentId":"{KIM}"}},{{"agentId":"{LEE}","count":7}}],"remove":[{{"agentId":"{KIM}"}}]}}"#
    );
    assert_eq!(
        Call::post(SALES).json(&body).send(&engine).status,
        StatusCode::OK
    );
    assert_ne!(record_id(&engine, SALES, KIM).unwrap(), old_kim);
    assert_eq!(record_id(&engine, SALES, LEE).unwrap(), old_lee);
    assert_eq!(num_agents(&engine, SALES), 2);
}

#[test]
fn a_re_upsert_without_count_or_order_resets_them_to_zero() {
    let engine = engine();
    let set = format!(r#"{{"upsert":[{{"agentId":"{LEE}","count":3,"order":9}}],"remove":[]}}"#);
    let reset = format!(r#"{{"upsert":[{{"agentId":"{LEE}"}}],"remove":[]}}"#);
    Call::post(SALES).json(&set).send(&engine);
    Call::post(SALES).json(&reset).send(&engine);
    let lee: Vec<Value> = records(&engine, SALES)
        .into_iter()
        .filter(|r| r["agentId"] == LEE)
        .collect();
    assert_eq!(
        lee,
        [
            json!({"agentId": LEE, "username": "agent.lee", "count": 0, "order": 0, "departmentEnabled": true})
        ]
    );
}

#[test]
fn a_duplicate_agent_makes_one_record_and_the_last_values_win() {
    let engine = engine();
    let body = format!(
        r#"{{"upsert":[{{"agentId":"{BO}","count":1}},{{"agentId":"{BO}","count":2,"order":5}}],"remove":[]}}"#
    );
    Call::post(SUPPORT).json(&body).send(&engine);
    assert_eq!(
        records(&engine, SUPPORT),
        [
            json!({"agentId": BO, "username": "agent.bo", "count": 2, "order": 5, "departmentEnabled": true})
        ]
    );
    assert_eq!(num_agents(&engine, SUPPORT), 1);
}

#[test]
fn removing_a_member_recounts_and_removing_a_stranger_is_a_no_op() {
    let engine = engine();
    let body = format!(r#"{{"upsert":[],"remove":[{{"agentId":"{KIM}"}},{{"agentId":"{ANA}"}}]}}"#);
    let response = Call::post(SALES).json(&body).send(&engine);
    assert_eq!(
        status_and_body(&response),
        (200, r#"{"success":true}"#.to_owned())
    );
    assert_eq!(records(&engine, SALES).len(), 1);
    assert_eq!(num_agents(&engine, SALES), 1);
}

#[test]
fn department_enabled_is_copied_from_the_department() {
    let mut world = World::seed();
    let mut section = serde_json::to_value(&world.rocketchat).unwrap();
    section["departments"][1]["enabled"] = json!(false);
    world.rocketchat = serde_json::from_value(section).unwrap();
    let engine = Engine::new(
        &world,
        FidelityProfile::all(Fidelity::Observed),
        VendorOptions::default(),
    )
    .unwrap();
    let body = format!(r#"{{"upsert":[{{"agentId":"{ANA}"}}],"remove":[]}}"#);
    Call::post(SUPPORT).json(&body).send(&engine);
    assert_eq!(records(&engine, SUPPORT)[0]["departmentEnabled"], false);
}

#[test]
fn concurrent_writes_keep_num_agents_equal_to_the_records() {
    let engine = engine();
    std::thread::scope(|scope| {
        for (i, agent) in [KIM, LEE, ANA, BO, PAT].into_iter().enumerate() {
            let engine = &engine;
            scope.spawn(move || {
                for round in 0..200 {
                    let body = if (round + i) % 2 == 0 {
                        format!(
                            r#"{{"upsert":[{{"agentId":"{agent}","count":{round}}}],"remove":[]}}"#
                        )
                    } else {
                        format!(r#"{{"upsert":[],"remove":[{{"agentId":"{agent}"}}]}}"#)
                    };
                    let response = Call::post(SUPPORT).json(&body).send(engine);
                    assert_eq!(response.status, StatusCode::OK);
                }
            });
        }
    });
    let records = records(&engine, SUPPORT);
    assert_eq!(num_agents(&engine, SUPPORT), records.len());
    let listed = body_json(&Call::list(SUPPORT).send(&engine));
    assert_eq!(listed["total"], records.len());
}

#[test]
fn an_invalid_world_is_refused_and_the_state_is_kept() {
    let engine = engine();
    let body = format!(r#"{{"upsert":[{{"agentId":"{ANA}"}}],"remove":[]}}"#);
    Call::post(SUPPORT).json(&body).send(&engine);
    let before = engine.world().to_json_pretty();
    let mut world = World::seed();
    let mut section = serde_json::to_value(&world.rocketchat).unwrap();
    section["departments"][0]["numAgents"] = json!(7);
    world.rocketchat = serde_json::from_value(section).unwrap();
    let err = engine.set_world(&world).unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid world at /rocketchat/departments/0/numAgents: is 7 but the department has 2 agent records"
    );
    assert_eq!(engine.world().to_json_pretty(), before);
}
