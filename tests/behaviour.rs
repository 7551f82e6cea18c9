//! The type-mapping rows whose behaviour matters, run: the crate `tests/generated-behaviour/`,
//! generated from `tests/fixtures/types/behaviour.yaml`, decoding and encoding JSON, and its
//! server refusing requests that break the spec's constraints, on a loopback port.

use std::collections::BTreeMap;
use std::sync::Arc;

use generated_behaviour::client::Client;
use generated_behaviour::server::{
    Api, CreateUserReply, EchoReply, LookUpReply, ReplyReply, RequestContext, SendParcelReply,
    SummarizePetsReply, router,
};
use generated_behaviour::types::{
    AdminReply, Base64Bytes, Cat, Contact, Dog, Email, EmailWithName, Envelope, Grammar,
    GrammarRegexType, Id, Lookup, LookupNote, Node, Parcel, ParcelLabel, Pet, PetSummary, Phone,
    Reply, ReplyOneOf, Settings, Subtype, User, UserReply,
};
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

fn decode<T: DeserializeOwned>(value: Value) -> T {
    let text = value.to_string();
    serde_json::from_value(value).unwrap_or_else(|e| panic!("decode {text}: {e}"))
}

fn encode<T: serde::Serialize>(value: &T) -> Value {
    serde_json::to_value(value).expect("encode")
}

// --- oneOf without a discriminator -------------------------------------------------------------

#[test]
fn one_of_picks_the_variant_the_value_matches() {
    assert_eq!(
        decode::<Contact>(json!({"phone": "+44 20 7946 0000"})),
        Contact::Phone(Phone {
            phone: "+44 20 7946 0000".into()
        })
    );
    assert_eq!(
        decode::<Contact>(json!({"email": "ada@example.com"})),
        Contact::Email(Email {
            email: "ada@example.com".into()
        })
    );
    assert_eq!(decode::<Id>(json!(42)), Id::Integer(42));
    assert_eq!(decode::<Id>(json!("42")), Id::String("42".into()));
}

#[test]
fn one_of_prefers_the_most_specific_variant_when_several_match() {
    // `Email` accepts this too (unknown fields are ignored), but the spec lists it first; the
    // variant with more required properties must win, or `name` would be lost.
    let both = json!({"email": "ada@example.com", "name": "Ada"});
    let contact: Contact = decode(both.clone());
    assert_eq!(
        contact,
        Contact::EmailWithName(EmailWithName {
            email: "ada@example.com".into(),
            name: "Ada".into()
        })
    );
    assert_eq!(encode(&contact), both);
}

#[test]
fn one_of_refuses_a_value_no_variant_matches() {
    assert!(serde_json::from_value::<Contact>(json!({"fax": "1"})).is_err());
    assert!(serde_json::from_value::<Id>(json!(true)).is_err());
}

// --- oneOf with a discriminator ----------------------------------------------------------------

#[test]
fn the_discriminator_picks_the_tagged_variant() {
    let cat = json!({"pet_type": "cat", "lives": 9});
    assert_eq!(
        decode::<Pet>(cat.clone()),
        Pet::Cat(Cat {
            pet_type: "cat".into(),
            lives: 9
        })
    );
    assert_eq!(encode(&decode::<Pet>(cat.clone())), cat);
    // The tag decides even when the value would also fit another variant.
    let dog = json!({"pet_type": "dog", "bark": "woof", "lives": 9});
    assert_eq!(
        decode::<Pet>(dog),
        Pet::Dog(Dog {
            pet_type: "dog".into(),
            bark: "woof".into()
        })
    );
}

#[test]
fn a_known_tag_with_a_body_that_does_not_fit_is_refused() {
    // Tagged `cat` but without `lives`: an error, not a fall-through to another variant.
    let error = serde_json::from_value::<Pet>(json!({"pet_type": "cat", "bark": "woof"}))
        .expect_err("cat without lives");
    assert!(error.to_string().contains("lives"), "{error}");
    assert!(serde_json::from_value::<Pet>(json!({"lives": 9})).is_err());
}

#[test]
fn an_unknown_tag_is_kept_and_written_back_unchanged() {
    let parrot = json!({"pet_type": "parrot", "words": ["hello", 3], "nested": {"a": null}});
    let pet: Pet = decode(parrot.clone());
    assert!(matches!(pet, Pet::Unknown(_)), "{pet:?}");
    assert_eq!(encode(&pet), parrot);
}

#[test]
fn inline_alternatives_are_selected_by_the_value_their_tag_property_allows() {
    // The first alternative's `value` takes any JSON and its enum is open, so only the tag
    // can tell `regex` from `json`.
    let regex = json!({"type": "regex", "value": "^a+$"});
    let grammar: Grammar = decode(regex.clone());
    assert!(
        matches!(&grammar, Grammar::Regex(r) if r.value == "^a+$" && r.type_ == GrammarRegexType::Regex),
        "{grammar:?}"
    );
    assert_eq!(encode(&grammar), regex);
    let schema = json!({"type": "json", "value": {"type": "object"}});
    assert!(matches!(decode::<Grammar>(schema), Grammar::Json(_)));
    // A tag two alternatives share: the first that accepts the value, in spec order.
    assert!(matches!(
        decode::<Grammar>(json!({"type": "text", "lines": ["a"]})),
        Grammar::Text(_)
    ));
    assert!(matches!(
        decode::<Grammar>(json!({"type": "text", "text": "a"})),
        Grammar::Text2(_)
    ));
    // A known tag whose value fits no alternative is refused; an unknown one is kept.
    assert!(serde_json::from_value::<Grammar>(json!({"type": "regex", "value": 3})).is_err());
    assert!(matches!(
        decode::<Grammar>(json!({"type": "ebnf", "value": "x"})),
        Grammar::Unknown(_)
    ));
}

// --- defaults ----------------------------------------------------------------------------------

#[test]
fn defaults_fill_missing_fields() {
    let settings: Settings = decode(json!({}));
    assert_eq!(settings.language, "en");
    assert_eq!(settings.page_size, 25);
    assert_eq!(settings.ratio, 0.5);
    assert!(settings.verbose);
    // Given values win over defaults.
    let given: Settings = decode(json!({"language": "fr", "page_size": 0, "verbose": false}));
    assert_eq!(
        (given.language.as_str(), given.page_size, given.verbose),
        ("fr", 0, false)
    );
    assert_eq!(given.ratio, 0.5);
}

#[test]
fn an_enum_default_fills_a_missing_field() {
    let settings: Settings = decode(json!({}));
    assert_eq!(settings.subtype, Subtype::CashIsa);
    assert_eq!(encode(&settings)["subtype"], json!("cash isa"));
}

// --- enums -------------------------------------------------------------------------------------

#[test]
fn an_unknown_enum_value_survives_a_round_trip() {
    let subtype: Subtype = decode(json!("roth 401k"));
    assert_eq!(subtype, Subtype::Unknown("roth 401k".into()));
    assert_eq!(subtype.as_str(), "roth 401k");
    assert_eq!(encode(&subtype), json!("roth 401k"));
    // Awkward known values keep their wire names.
    for (wire, known) in [
        ("529", Subtype::V529),
        ("401a", Subtype::V401a),
        ("cash isa", Subtype::CashIsa),
    ] {
        assert_eq!(decode::<Subtype>(json!(wire)), known);
        assert_eq!(encode(&known), json!(wire));
        assert_eq!(known.to_string(), wire);
        assert_eq!(wire.parse::<Subtype>(), Ok(known));
    }
}

// --- maps and recursion ------------------------------------------------------------------------

#[test]
fn maps_keep_every_key() {
    let envelope: Envelope = decode(json!({
        "id": 1,
        "contact": {"phone": "1"},
        "counts": {"b": 2, "a": 1, "with space": -3}
    }));
    let expected: BTreeMap<String, i64> =
        [("a".into(), 1), ("b".into(), 2), ("with space".into(), -3)].into();
    assert_eq!(envelope.counts, Some(expected));
}

#[test]
fn recursive_values_nest() {
    let tree = json!({
        "value": 1,
        "next": {"value": 2, "next": {"value": 3}},
        "children": [{"value": 4, "children": [{"value": 5}]}]
    });
    let node: Node = decode(tree.clone());
    let next = node.next.as_deref().expect("next");
    assert_eq!(next.next.as_deref().map(|n| n.value), Some(3));
    assert_eq!(encode(&node), tree);
}

// --- tuples (`prefixItems`) -------------------------------------------------------------------

#[test]
fn a_tuple_reads_and_writes_a_json_array_of_its_items() {
    let value = json!({"size": [30, 20, {"text": "box"}]});
    let parcel: Parcel = decode(value.clone());
    assert_eq!(parcel.size, (30, 20, ParcelLabel { text: "box".into() }));
    assert_eq!(encode(&parcel), value);
}

#[test]
fn a_tuple_refuses_an_array_of_another_length_or_order() {
    for bad in [
        json!({"size": [30, 20]}),
        json!({"size": [30, 20, {"text": "box"}, 4]}),
        json!({"size": [{"text": "box"}, 30, 20]}),
        json!({"size": {"0": 30}}),
    ] {
        assert!(
            serde_json::from_value::<Parcel>(bad.clone()).is_err(),
            "{bad} was read"
        );
    }
}

// --- the generated server and client -----------------------------------------------------------

/// Answers with what it is given.
struct Echo;

impl Api for Echo {
    async fn create_user(&self, _context: RequestContext, body: User) -> CreateUserReply {
        CreateUserReply::Ok(body)
    }

    async fn echo(&self, _context: RequestContext, body: Envelope) -> EchoReply {
        EchoReply::Ok(body)
    }

    async fn reply(&self, _context: RequestContext, body: Reply) -> ReplyReply {
        ReplyReply::Ok(body)
    }

    async fn look_up(&self, _context: RequestContext, body: Lookup) -> LookUpReply {
        LookUpReply::Ok(body)
    }

    async fn summarize_pets(
        &self,
        _context: RequestContext,
        body: Vec<PetSummary>,
    ) -> SummarizePetsReply {
        SummarizePetsReply::Ok(body)
    }

    async fn send_parcel(&self, _context: RequestContext, body: Parcel) -> SendParcelReply {
        SendParcelReply::Ok(body)
    }
}

/// Serves the generated router on a free loopback port; returns its base URL. The server
/// stops with the test's runtime.
async fn serve() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind loopback");
    let addr = listener.local_addr().expect("local addr");
    tokio::spawn(async move { axum::serve(listener, router(Arc::new(Echo))).await });
    format!("http://{addr}{}", generated_behaviour::server::BASE_PATH)
}

#[tokio::test]
async fn the_client_and_server_keep_unknown_values_and_fill_defaults() {
    let base = serve().await;
    let body: Envelope = decode(json!({
        "id": "abc",
        "contact": {"email": "ada@example.com"},
        "pets": [{"pet_type": "cat", "lives": 9}],
        "subtype": "401a",
        "settings": {"language": "de"},
        "tree": {"value": 1, "next": {"value": 2}}
    }));
    let reply = Client::new(&base).echo(&body).await.expect("echo");
    assert_eq!(reply, body);
    assert_eq!(encode(&reply)["settings"]["page_size"], json!(25));
    // A tag the discriminator does not list is kept by the types...
    let parrot = json!({"id": "abc", "contact": {"email": "ada@example.com"}, "pets": [{"pet_type": "cat", "lives": 9}, {"pet_type": "parrot", "words": 3}]});
    let with_parrot: Envelope = decode(parrot.clone());
    assert_eq!(
        encode(&with_parrot)["pets"][1],
        json!({"pet_type": "parrot", "words": 3})
    );
    // ...and refused by the server.
    let (status, refused) = post(&base, "/echo", &parrot).await;
    assert_eq!(status, 400, "{refused}");
    assert!(
        refused["detail"]
            .as_str()
            .unwrap_or_default()
            .starts_with("pets[1].pet_type: must be one of `cat`, `dog`"),
        "{refused}"
    );
    // A value the enum does not list is kept by the types (a client reads newer servers)...
    let unknown: Envelope = decode(
        json!({"id": "abc", "contact": {"email": "ada@example.com"}, "subtype": "roth 401k"}),
    );
    assert_eq!(encode(&unknown)["subtype"], json!("roth 401k"));
    // ...and refused by the server, which serves this version of the spec.
    let (status, refused) = post(&base, "/echo", &encode(&unknown)).await;
    assert_eq!(status, 400, "{refused}");
    assert!(refused.to_string().contains("subtype"), "{refused}");
}

#[tokio::test]
async fn the_server_refuses_a_string_none_of_a_union_s_enums_lists() {
    let base = serve().await;
    let envelope = |mode: Value| json!({"id": 1, "contact": {"phone": "+4420"}, "mode": mode});
    for mode in [json!("auto"), json!("none"), json!({"function": "f"})] {
        let (status, body) = post(&base, "/echo", &envelope(mode.clone())).await;
        assert_eq!(status, 200, "{mode}: {body}");
    }
    let (status, body) = post(&base, "/echo", &envelope(json!("always"))).await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(
        body["detail"], "mode: must be one of `auto`, `none`",
        "{body}"
    );
}

#[tokio::test]
async fn the_server_accepts_a_value_a_later_alternative_of_a_union_holds() {
    let base = serve().await;
    let envelope =
        |criterion: Value| json!({"id": 1, "contact": {"phone": "+4420"}, "criterion": criterion});
    // Both alternatives read it; the first's enum refuses `>`, the second's allows it.
    let single = json!({"field": "created_at", "operator": ">", "value": []});
    let (status, body) = post(&base, "/echo", &envelope(single)).await;
    assert_eq!(status, 200, "{body}");
    // Neither holds: the first reading's finding is the answer.
    let neither = json!({"operator": "<", "value": []});
    let (status, body) = post(&base, "/echo", &envelope(neither)).await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(
        body["detail"], "criterion.operator: must be one of `AND`, `OR`",
        "{body}"
    );
}

#[tokio::test]
async fn the_server_checks_the_constraints_of_the_one_of_alternative_a_value_is() {
    let base = serve().await;
    let envelope = |contact: Value, pets: Value| json!({"id": 1, "contact": contact, "pets": pets});
    let cat = |lives: i64| json!({"pet_type": "cat", "lives": lives});
    let ok = envelope(json!({"phone": "+4420"}), json!([cat(9)]));
    let (status, body) = post(&base, "/echo", &ok).await;
    assert_eq!(status, 200, "{body}");
    // An untagged oneOf: the value is a `Phone`, whose pattern it breaks.
    let bad_phone = envelope(json!({"phone": "020"}), json!([]));
    // A discriminated oneOf: the tag says `Cat`, whose maximum the second item breaks.
    let bad_cat = envelope(json!({"phone": "+4420"}), json!([cat(1), cat(10)]));
    // A `oneOf` value is exactly one alternative: with a name, an email is both an `Email`
    // (which allows other properties) and an `EmailWithName`.
    let both = envelope(
        json!({"email": "ada@example.com", "name": "Ada"}),
        json!([]),
    );
    for (body, path) in [
        (bad_phone, "contact.phone"),
        (bad_cat, "pets[1].lives"),
        (both, "contact"),
    ] {
        let (status, reply) = post(&base, "/echo", &body).await;
        assert_eq!(status, 400, "{body}: {reply}");
        assert_eq!(reply["title"], "INVALID_FIELD", "{reply}");
        let detail = reply["detail"].as_str().unwrap_or_default();
        assert!(detail.starts_with(&format!("{path}: ")), "{reply}");
    }
    let attribute =
        |value: Value| json!({"id": 1, "contact": {"phone": "+4420"}, "attribute": value});
    for (value, status) in [
        (json!({"options": ["a"]}), 400),
        (json!({"kind": "plain"}), 200),
        (json!("text"), 200),
    ] {
        let (got, reply) = post(&base, "/echo", &attribute(value.clone())).await;
        assert_eq!(got, status, "{value}: {reply}");
    }
    // Each alternative narrows `kind` to one value of the shared base's enum: a value is one
    // of them, or neither.
    let measure = |value: Value| json!({"id": 1, "contact": {"phone": "+4420"}, "measure": value});
    for (value, status) in [
        (json!({"kind": "number", "value": 1}), 200),
        (json!({"kind": "flag", "value": true}), 200),
        (json!({"kind": "text"}), 400),
    ] {
        let (got, reply) = post(&base, "/echo", &measure(value.clone())).await;
        assert_eq!(got, status, "{value}: {reply}");
    }
    let (_, reply) = post(
        &base,
        "/echo",
        &envelope(json!({"email": "a", "name": "A"}), json!([])),
    )
    .await;
    let detail = reply["detail"].as_str().unwrap_or_default();
    assert!(
        detail.contains("exactly one alternative of the oneOf, but is Email"),
        "{reply}"
    );
}

// --- format: byte ----------------------------------------------------------------------------

#[test]
fn bytes_travel_as_base64() {
    let user: User = decode(json!({
        "name": "a", "age": 1, "tags": ["a"], "address": {"postcode": "A"},
        "avatar": "aGVsbG8="
    }));
    let avatar = user.avatar.clone().expect("avatar");
    assert_eq!(&*avatar, b"hello");
    assert_eq!(encode(&user)["avatar"], json!("aGVsbG8="));
    // URL-safe text and text without padding are read too; bytes are written back standard.
    let url_safe: Base64Bytes = decode(json!("-_8"));
    assert_eq!(url_safe.0, [0xfb, 0xff]);
    assert_eq!(url_safe.to_string(), "+/8=");
    assert_eq!("aGk".parse::<Base64Bytes>().expect("base64").0, b"hi");
}

#[test]
fn text_that_is_not_base64_is_refused() {
    let err = serde_json::from_value::<Base64Bytes>(json!("not base64!")).expect_err("refused");
    assert!(err.to_string().starts_with("not base64"), "{err}");
    assert!("a".parse::<Base64Bytes>().is_err());
}

/// A user that meets every constraint; `name` is 20 characters but 40 bytes (lengths count
/// characters, as JSON Schema says).
fn valid_user() -> Value {
    json!({
        "name": "éééééééééééééééééééé",
        "age": 150,
        "score": 0.0,
        "tags": ["a", "bcdef", "é"],
        "address": {"postcode": "SW1A 1AA"},
        "avatar": "aGVsbG8gd29y",
        "homepage": "https://example.com/a?b=c#d",
        "email": "ada@example.com",
        "links": ["/a", "b/c?d", "mailto:x@example.com"],
        "retention": ["P3D", "PT1H30M", "P1Y2M3DT4H5M6S", "P2W", "PT0S", "P1M"],
        "plan": "free",
        "plans": ["paid", "free"],
        "level": 3,
        "ratio": 1.5
    })
}

async fn post_user(base: &str, body: &Value) -> (u16, Value) {
    post(base, "/users", body).await
}

async fn post(base: &str, path: &str, body: &Value) -> (u16, Value) {
    let response = reqwest::Client::new()
        .post(format!("{base}{path}"))
        .json(body)
        .send()
        .await
        .expect("send");
    let status = response.status().as_u16();
    let text = response.text().await.expect("body");
    let value = serde_json::from_str(&text).unwrap_or(Value::String(text));
    (status, value)
}

#[tokio::test]
async fn the_server_accepts_a_request_at_its_limits() {
    let base = serve().await;
    let user = valid_user();
    let (status, body) = post_user(&base, &user).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body, user);
}

#[tokio::test]
async fn the_server_rejects_a_constraint_violation_with_the_field_path() {
    let base = serve().await;
    let cases: [(&str, &str, Value); 32] = [
        ("name", "/name", json!("")),
        ("name", "/name", json!("abcdefghijklmnopqrstu")),
        ("age", "/age", json!(151)),
        ("age", "/age", json!(-1)),
        ("score", "/score", json!(1.0)),
        ("score", "/score", json!(0.3)),
        ("tags", "/tags", json!([])),
        ("tags", "/tags", json!(["a", "b", "c", "d"])),
        ("address.postcode", "/address/postcode", json!("sw1a 1aa")),
        ("address.postcode", "/address/postcode", json!("ABCDEFGHI")),
        // maxLength counts the base64 text: 16 characters for 11 bytes.
        ("avatar", "/avatar", json!("aGVsbG8gd29ybGQ=")),
        ("avatar", "/avatar", json!("not base64!")),
        // An absolute URI has a scheme; no URI has a space.
        ("homepage", "/homepage", json!("example.com/a")),
        ("homepage", "/homepage", json!("https://example.com/a b")),
        ("links", "/links", json!(["/a", "/b", "/a"])),
        ("links[1]", "/links", json!(["/a", "%zz"])),
        ("email", "/email", json!("")),
        ("email", "/email", json!("ada.example.com")),
        // Not RFC 3339 durations: no `P`, a `T` with no time, units out of order or apart, a
        // week beside other units, a unit without digits, a fraction.
        ("retention[0]", "/retention", json!(["1D"])),
        ("retention[0]", "/retention", json!(["P1DT"])),
        ("retention[0]", "/retention", json!(["P"])),
        ("retention[1]", "/retention", json!(["P1D", "P1D2M"])),
        ("retention[0]", "/retention", json!(["P1Y1D"])),
        ("retention[0]", "/retention", json!(["PT1H1S"])),
        ("retention[0]", "/retention", json!(["P1W1D"])),
        ("retention[0]", "/retention", json!(["PTH"])),
        ("retention[0]", "/retention", json!(["PT0.5S"])),
        ("retention[0]", "/retention", json!(["10s"])),
        // `nullable`, but the enum does not list `null`.
        ("plan", "/plan", json!(null)),
        ("plans[1]", "/plans", json!(["paid", null])),
        // A number the enum does not list.
        ("level", "/level", json!(4)),
        ("ratio", "/ratio", json!(1.0)),
    ];
    for (path, pointer, value) in cases {
        assert_rejected(&base, pointer, value, path).await;
    }
}

#[tokio::test]
async fn the_server_accepts_null_where_an_enum_lists_it_or_no_type_is_given() {
    let base = serve().await;
    for (pointer, value) in [
        ("/tier", json!(null)),
        ("/metadata", json!(null)),
        ("/metadata", json!([1, "a"])),
    ] {
        let mut user = valid_user();
        user[&pointer[1..]] = value.clone();
        let (status, body) = post_user(&base, &user).await;
        assert_eq!(status, 200, "{pointer} = {value}: {body}");
    }
}

#[tokio::test]
async fn the_server_rejects_a_constraint_violation_in_an_array_item() {
    let base = serve().await;
    assert_rejected(&base, "/tags/1", json!("abcdef"), "tags[1]").await;
}

/// Posts the valid user with the value at `pointer` replaced, and expects a 400 whose problem
/// details name `path`.
async fn assert_rejected(base: &str, pointer: &str, value: Value, path: &str) {
    let mut user = valid_user();
    *user
        .pointer_mut(pointer)
        .expect("pointer into the valid user") = value.clone();
    let (status, body) = post_user(base, &user).await;
    assert_eq!(status, 400, "{path} = {value}: {body}");
    assert_eq!(body["title"], "INVALID_FIELD", "{path} = {value}: {body}");
    let detail = body["detail"].as_str().unwrap_or_default();
    assert!(
        detail.starts_with(&format!("{path}: ")),
        "{path} = {value}: the error does not name the field: {body}"
    );
}

// --- properties beside a oneOf, presence rules, allOf with a union part -----------------------

#[test]
fn properties_beside_a_one_of_are_read_with_the_alternative_the_value_is() {
    let user =
        json!({"ticket": "t1", "notify": true, "user_id": "u1", "body": "hi", "channel": "c"});
    let reply: Reply = decode(user.clone());
    assert_eq!(
        reply,
        Reply {
            ticket: "t1".into(),
            notify: Some(true),
            one_of: ReplyOneOf::UserReply(UserReply {
                user_id: "u1".into(),
                body: "hi".into(),
                channel: Some("c".into()),
            }),
        }
    );
    assert_eq!(encode(&reply), user);
    let admin = json!({"ticket": "t2", "admin_id": "a1", "body": "hello", "channel": "c"});
    let reply: Reply = decode(admin.clone());
    assert_eq!(
        reply.one_of,
        ReplyOneOf::AdminReply(AdminReply {
            admin_id: "a1".into(),
            body: "hello".into(),
            channel: Some("c".into()),
        })
    );
    assert_eq!(encode(&reply), admin);
    // Neither alternative: refused, as is a value without the struct's own required property.
    assert!(serde_json::from_value::<Reply>(json!({"ticket": "t", "body": "b"})).is_err());
    assert!(serde_json::from_value::<Reply>(json!({"user_id": "u", "body": "b"})).is_err());
}

#[test]
fn an_all_of_with_a_union_part_reads_the_tagged_alternative_beside_the_properties() {
    let summary = json!({"pet_type": "cat", "lives": 3, "owner": "ada"});
    let read: PetSummary = decode(summary.clone());
    assert_eq!(read.owner, "ada");
    assert_eq!(
        read.pet,
        Pet::Cat(Cat {
            pet_type: "cat".into(),
            lives: 3
        })
    );
    assert_eq!(encode(&read), summary);
    // A tag no alternative has is kept, beside the properties.
    let parrot = json!({"pet_type": "parrot", "words": 3, "owner": "bo"});
    let read: PetSummary = decode(parrot.clone());
    assert!(matches!(read.pet, Pet::Unknown(_)), "{read:?}");
    assert_eq!(encode(&read), parrot);
}

#[test]
fn an_inline_union_property_picks_its_alternative() {
    let lookup: Lookup = decode(json!({"id": "1", "note": ["a", "b"]}));
    assert_eq!(
        lookup.note,
        Some(LookupNote::StringList(vec!["a".into(), "b".into()]))
    );
    let lookup: Lookup = decode(json!({"id": "1", "note": "a"}));
    assert_eq!(lookup.note, Some(LookupNote::String("a".into())));
    // An alternative is nullable, so the union is.
    let lookup: Lookup = decode(json!({"id": "1", "note": null}));
    assert_eq!(lookup.note, None);
}

#[tokio::test]
async fn the_client_and_server_carry_flattened_unions() {
    let base = serve().await;
    let client = Client::new(&base);
    let reply: Reply =
        decode(json!({"ticket": "t1", "admin_id": "a1", "body": "hello", "channel": "c"}));
    assert_eq!(client.reply(&reply).await.expect("reply"), reply);
    let summaries: Vec<PetSummary> = decode(json!([
        {"pet_type": "dog", "bark": "woof", "owner": "ada"},
        {"pet_type": "cat", "lives": 9, "owner": "bo"}
    ]));
    assert_eq!(
        client.summarize_pets(&summaries).await.expect("summaries"),
        summaries
    );
}

#[tokio::test]
async fn the_server_checks_the_alternative_of_a_flattened_union() {
    let base = serve().await;
    // `body` is at most 10 characters in `UserReply`, and is read from the reply's own object.
    let long = json!({"ticket": "t", "user_id": "u", "body": "01234567890", "channel": "c"});
    assert_invalid_field(&base, "/replies", &long, "body", "at most 10").await;
    // The tag says `cat`, whose `lives` is at most 9; the summaries are an array.
    let summaries = json!([
        {"pet_type": "cat", "lives": 1, "owner": "a"},
        {"pet_type": "cat", "lives": 10, "owner": "b"}
    ]);
    assert_invalid_field(
        &base,
        "/pet-summaries",
        &summaries,
        "[1].lives",
        "at most 9",
    )
    .await;
    // `required` lists `channel`, which only the alternatives declare, as optional.
    let reply = json!({"ticket": "t", "user_id": "u", "body": "b"});
    assert_missing_field(&base, "/replies", &reply, "channel").await;
    let summaries = json!([{"pet_type": "dog", "bark": "w"}]);
    assert_missing_field(&base, "/pet-summaries", &summaries, "[0].owner").await;
}

/// Posts `body` to `path`, and expects a 400 that names `field` among the missing ones.
async fn assert_missing_field(base: &str, path: &str, body: &Value, field: &str) {
    let (status, answer) = post(base, path, body).await;
    assert_eq!(status, 400, "{answer}");
    assert_eq!(answer["title"], "MISSING_FIELDS", "{answer}");
    let detail = answer["detail"].as_str().unwrap_or_default();
    assert!(detail.contains(field), "{answer}");
}

#[tokio::test]
async fn the_server_refuses_a_value_no_presence_alternative_holds_for() {
    let base = serve().await;
    // `anyOf: [{required: [id]}, {required: [user_id]}]`: at least one.
    for ok in [
        json!({"id": "1"}),
        json!({"user_id": "2"}),
        json!({"id": "1", "user_id": "2"}),
    ] {
        let (status, body) = post(&base, "/lookups", &ok).await;
        assert_eq!(status, 200, "{ok}: {body}");
        assert_eq!(body, ok);
    }
    assert_invalid_field(
        &base,
        "/lookups",
        &json!({"note": "x"}),
        "",
        "at least one of: `id` | `user_id`",
    )
    .await;
    // `null` is allowed where an alternative of the union allows it.
    let (status, body) = post(&base, "/lookups", &json!({"id": "1", "note": null})).await;
    assert_eq!(status, 200, "{body}");
    // `oneOf` with narrowed values: code A needs a postcode, code V a start; exactly one holds.
    for ok in [
        json!({"code": "A", "postcode": "N1"}),
        json!({"code": "V", "started": "2020"}),
        json!({"code": "A", "postcode": "N1", "started": "2020"}),
    ] {
        let lookup = json!({"id": "1", "role": ok});
        let (status, body) = post(&base, "/lookups", &lookup).await;
        assert_eq!(status, 200, "{lookup}: {body}");
    }
    for bad in [
        json!({"code": "A", "started": "2020"}),
        json!({"code": "V"}),
    ] {
        let lookup = json!({"id": "1", "role": bad});
        assert_invalid_field(&base, "/lookups", &lookup, "role", "exactly one of").await;
    }
}

/// Posts `body` to `path` and expects a 400 `INVALID_FIELD` at `field` whose message contains
/// `needle`.
async fn assert_invalid_field(base: &str, path: &str, body: &Value, field: &str, needle: &str) {
    let (status, reply) = post(base, path, body).await;
    assert_eq!(status, 400, "{body}: {reply}");
    assert_eq!(reply["title"], "INVALID_FIELD", "{body}: {reply}");
    let detail = reply["detail"].as_str().unwrap_or_default();
    assert!(
        detail.starts_with(&format!("{field}: ")) && detail.contains(needle),
        "{body}: {reply}"
    );
}

#[tokio::test]
async fn the_server_reads_a_tuple_and_checks_its_items_by_position() {
    let base = serve().await;
    let ok = json!({"size": [30, 20, {"text": "box"}]});
    let (status, body) = post(&base, "/parcels", &ok).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body, ok);
    // The label's `maxLength: 5`, at the tuple's third position.
    assert_invalid_field(
        &base,
        "/parcels",
        &json!({"size": [30, 20, {"text": "parcel"}]}),
        "size[2].text",
        "5",
    )
    .await;
    for bad in [
        json!({"size": [30, 20]}),
        json!({"size": [30, 20, {"text": "a"}, 1]}),
    ] {
        let (status, reply) = post(&base, "/parcels", &bad).await;
        assert_eq!(status, 400, "{bad}: {reply}");
        let detail = reply["detail"].as_str().unwrap_or_default();
        assert!(detail.contains("size"), "{bad}: {reply}");
    }
}

#[tokio::test]
async fn the_server_refuses_a_body_missing_a_dependent_property() {
    let base = serve().await;
    for ok in [
        json!({"size": [1, 2, {"text": "a"}]}),
        json!({"size": [1, 2, {"text": "a"}], "currency": "EUR"}),
        json!({"size": [1, 2, {"text": "a"}], "insured_value": 100, "currency": "EUR"}),
    ] {
        let (status, body) = post(&base, "/parcels", &ok).await;
        assert_eq!(status, 200, "{ok}: {body}");
    }
    assert_invalid_field(
        &base,
        "/parcels",
        &json!({"size": [1, 2, {"text": "a"}], "insured_value": 100}),
        "currency",
        "is required when `insured_value` is present",
    )
    .await;
}
