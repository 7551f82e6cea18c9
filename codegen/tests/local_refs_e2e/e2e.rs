//! End to end for `tests/fixtures/local_refs.yaml`: the generated client against an
//! implementation of the generated server trait, on a loopback port, through `$ref`s to places
//! other than the components (another operation's parameter, request body and responses, a
//! schema inside a response, and a path item served at a second path).
//!
//! This file is copied into the crate generated from the fixture (as `tests/e2e.rs`) by
//! `codegen/tests/local_refs.rs`, which then runs `cargo test` there.

use std::sync::Arc;

use local_refs_fixture::client::{Client, Error};
use local_refs_fixture::server::{
    Api, CreateTagReply, GetPet2Params, GetPet2Reply, GetPetParams, GetPetReply, PutPet2Params,
    PutPet2Reply, PutPetParams, PutPetReply, RequestContext, router,
};
use local_refs_fixture::types::{
    GetPet2Response404, GetPetResponse404, GetPetResponses200ApplicationJson as Pet,
    GetPetResponses200ApplicationJsonTag as Tag, Labels,
};

struct Server;

fn pet(id: &str, name: &str, verbose: bool) -> Pet {
    Pet {
        id: id.to_owned(),
        name: name.to_owned(),
        tag: verbose.then(|| Tag {
            label: format!("{name}-tag"),
        }),
    }
}

impl Api for Server {
    async fn get_pet(&self, _: RequestContext, params: GetPetParams) -> GetPetReply {
        match params.id.as_str() {
            "missing" => GetPetReply::NotFound(GetPetResponse404 {
                message: "no pet".to_owned(),
            }),
            id => GetPetReply::Ok(pet(id, "pet", params.verbose == Some(true))),
        }
    }

    async fn put_pet(&self, _: RequestContext, params: PutPetParams, body: Pet) -> PutPetReply {
        PutPetReply::Ok(Pet {
            id: params.id,
            ..body
        })
    }

    async fn get_pet2(&self, _: RequestContext, params: GetPet2Params) -> GetPet2Reply {
        match params.id.as_str() {
            "missing" => GetPet2Reply::NotFound(GetPet2Response404 {
                message: "no animal".to_owned(),
            }),
            id => GetPet2Reply::Ok(pet(id, "animal", params.verbose == Some(true))),
        }
    }

    async fn put_pet2(&self, _: RequestContext, params: PutPet2Params, body: Pet) -> PutPet2Reply {
        PutPet2Reply::Ok(Pet {
            id: params.id,
            ..body
        })
    }

    async fn create_tag(&self, _: RequestContext, body: Tag) -> CreateTagReply {
        CreateTagReply::Created(Tag {
            label: body.label.to_uppercase(),
        })
    }
}

async fn serve() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        axum::serve(listener, router(Arc::new(Server)))
            .await
            .expect("serve");
    });
    format!("http://{addr}")
}

#[tokio::test]
async fn a_referenced_parameter_body_and_responses_work_like_their_originals() {
    let client = Client::new(serve().await);
    let got = client.get_pet("p1").await.expect("get_pet");
    assert_eq!(got, pet("p1", "pet", false));
    // PUT's parameter, body and responses are `$ref`s into GET's.
    let stored = client
        .put_pet("p2", &pet("ignored", "rex", true))
        .await
        .expect("put_pet");
    assert_eq!(stored, pet("p2", "rex", true));
    match client.put_pet("far-too-long-id", &pet("x", "y", false)).await {
        Err(Error::Api(e)) => assert_eq!(e.status, 400, "{e:?}"),
        other => panic!("the referenced parameter's maxLength is checked: {other:?}"),
    }
    match client.get_pet("missing").await {
        Err(Error::Api(e)) => {
            assert_eq!(e.status, 404);
            assert_eq!(e.error.map(|b| b.message).as_deref(), Some("no pet"));
        }
        other => panic!("a 404: {other:?}"),
    }
}

#[tokio::test]
async fn a_referenced_path_item_is_served_at_its_own_path() {
    let client = Client::new(serve().await);
    let params = local_refs_fixture::client::GetPet2Params {
        verbose: Some(true),
    };
    let got = client.get_pet2_with("a1", &params).await.expect("get_pet2");
    assert_eq!(got, pet("a1", "animal", true));
    let stored = client
        .put_pet2("a2", &pet("x", "tom", false))
        .await
        .expect("put_pet2");
    assert_eq!(stored, pet("a2", "tom", false));
}

#[tokio::test]
async fn a_schema_inside_a_response_is_one_type_wherever_it_is_referenced() {
    let client = Client::new(serve().await);
    let tag: Tag = client
        .create_tag(&Tag {
            label: "calm".to_owned(),
        })
        .await
        .expect("create_tag");
    assert_eq!(tag.label, "CALM");
    // `Labels` is a list of the same type as a pet's `tag`.
    let labels: Labels = vec![tag.clone()];
    let with_tag = Pet {
        tag: labels.into_iter().next(),
        ..pet("p", "n", false)
    };
    assert_eq!(with_tag.tag, Some(tag));
}
