//! The rewrites of whole small documents, compared with the 3.0 documents they must give, and
//! the original pointers their diagnostics name.

use serde_yaml::Value;

use crate::load::SourceMap;

/// `text` upgraded, the source map, and the messages found.
fn run(text: &str) -> (Value, SourceMap, Vec<crate::diagnostic::Diagnostic>) {
    let mut doc: Value = serde_yaml::from_str(text).expect("YAML");
    let mut map = SourceMap::default();
    let found = super::upgrade(&mut doc, &mut map);
    (doc, map, found)
}

fn yaml(text: &str) -> Value {
    serde_yaml::from_str(text).expect("YAML")
}

#[test]
fn moves_body_parameters_into_the_request_body_by_consumes() {
    let (doc, map, found) = run(
        "swagger: '2.0'\nconsumes: [application/xml]\nparameters:\n  B: {name: b, in: body, schema: {$ref: '#/definitions/A'}}\npaths:\n  /a:\n    post:\n      parameters:\n        - {name: body, in: body, required: true, description: d, schema: {type: string}}\n        - {name: q, in: query, type: string}\n      responses: {}\n    put:\n      consumes: [text/plain]\n      parameters: [{$ref: '#/parameters/B'}]\n      responses: {}\ndefinitions:\n  A: {type: object}\n",
    );
    assert!(found.is_empty(), "{found:?}");
    let expected = yaml(
        "swagger: '2.0'\npaths:\n  /a:\n    post:\n      parameters:\n        - {name: q, in: query, schema: {type: string}}\n      responses: {}\n      requestBody: {description: d, content: {application/xml: {schema: {type: string}}}, required: true}\n    put:\n      responses: {}\n      requestBody: {content: {text/plain: {schema: {$ref: '#/components/schemas/A'}}}}\ncomponents:\n  schemas:\n    A: {type: object}\n",
    );
    assert_eq!(doc, expected);
    assert_eq!(
        map.original("/paths/~1a/post/parameters/0/schema/type"),
        "/paths/~1a/post/parameters/1/type"
    );
    assert_eq!(
        map.original("/paths/~1a/post/requestBody/content/application~1xml/schema/type"),
        "/paths/~1a/post/parameters/0/schema/type"
    );
    assert_eq!(
        map.original("/paths/~1a/put/requestBody/content/text~1plain/schema"),
        "/parameters/B/schema"
    );
    assert_eq!(
        map.original("/components/schemas/A/type"),
        "/definitions/A/type"
    );
}

#[test]
fn writes_form_parameters_as_a_form_body() {
    let (doc, _, found) = run(
        "swagger: '2.0'\npaths:\n  /f:\n    post:\n      parameters:\n        - {name: a, in: formData, required: true, type: file}\n        - {name: t, in: formData, type: array, items: {type: string}, collectionFormat: multi}\n      responses: {}\n",
    );
    assert!(found.is_empty(), "{found:?}");
    let expected = yaml(
        "swagger: '2.0'\npaths:\n  /f:\n    post:\n      responses: {}\n      requestBody:\n        content:\n          multipart/form-data:\n            schema:\n              type: object\n              properties:\n                a: {type: string, format: binary}\n                t: {type: array, items: {type: string}}\n              required: [a]\n            encoding: {t: {style: form, explode: true}}\n        required: true\n",
    );
    assert_eq!(doc, expected);
}

#[test]
fn gives_parameters_a_schema_and_a_style() {
    let (doc, map, found) = run(
        "swagger: '2.0'\npaths:\n  /p/{ids}:\n    get:\n      parameters:\n        - {name: ids, in: path, required: true, type: array, items: {type: integer}}\n        - {name: q, in: query, type: array, items: {type: string}, x-nullable: true}\n        - {name: t, in: query, type: array, items: {type: string}, collectionFormat: tsv}\n      responses: {}\n",
    );
    let expected = yaml(
        "swagger: '2.0'\npaths:\n  /p/{ids}:\n    get:\n      parameters:\n        - {name: ids, in: path, required: true, schema: {type: array, items: {type: integer}}}\n        - {name: q, in: query, style: form, explode: false, schema: {type: array, items: {type: string}, nullable: true}}\n        - {name: t, in: query, schema: {type: string}}\n      responses: {}\n",
    );
    assert_eq!(doc, expected);
    assert_eq!(found.len(), 1, "{found:?}");
    let mut found = found;
    map.restore(&mut found);
    assert_eq!(
        found[0].pointer,
        "/paths/~1p~1{ids}/get/parameters/2/collectionFormat"
    );
}

#[test]
fn gives_responses_content_by_produces() {
    let (doc, map, found) = run(
        "swagger: '2.0'\nproduces: [application/json]\npaths:\n  /r:\n    get:\n      produces: [application/json, text/csv]\n      responses:\n        '200':\n          description: ok\n          schema: {type: file}\n          headers: {X-N: {type: integer}}\n          examples: {application/json: {a: 1}, text/html: x}\n        '204': {description: none}\n        '404': {$ref: '#/responses/Missing'}\nresponses:\n  Missing: {description: gone, schema: {type: string}}\n",
    );
    assert!(found.is_empty(), "{found:?}");
    let expected = yaml(
        "swagger: '2.0'\npaths:\n  /r:\n    get:\n      responses:\n        '200':\n          description: ok\n          headers: {X-N: {schema: {type: integer}}}\n          content:\n            application/json: {schema: {type: string, format: binary}, example: {a: 1}}\n            text/csv: {schema: {type: string, format: binary}}\n        '204': {description: none}\n        '404': {$ref: '#/components/responses/Missing'}\ncomponents:\n  responses:\n    Missing: {description: gone, content: {application/json: {schema: {type: string}}}}\n",
    );
    assert_eq!(doc, expected);
    assert_eq!(
        map.original("/paths/~1r/get/responses/200/content/text~1csv/schema/type"),
        "/paths/~1r/get/responses/200/schema/type"
    );
    assert_eq!(
        map.original("/paths/~1r/get/responses/200/headers/X-N/schema/type"),
        "/paths/~1r/get/responses/200/headers/X-N/type"
    );
}

#[test]
fn writes_security_schemes_and_servers() {
    let (doc, _, found) = run(
        "swagger: '2.0'\nhost: h.test\nbasePath: /v1/\nschemes: [http, https]\npaths: {}\nsecurityDefinitions:\n  b: {type: basic}\n  o: {type: oauth2, flow: application, tokenUrl: 'https://t'}\n",
    );
    assert!(found.is_empty(), "{found:?}");
    let expected = yaml(
        "swagger: '2.0'\npaths: {}\ncomponents:\n  securitySchemes:\n    b: {type: http, scheme: basic}\n    o: {type: oauth2, flows: {clientCredentials: {tokenUrl: 'https://t', scopes: {}}}}\nservers: [{url: 'http://h.test/v1'}, {url: 'https://h.test/v1'}]\n",
    );
    assert_eq!(doc, expected);
    let (doc, _, _) = run("swagger: '2.0'\nbasePath: /api\npaths: {}\n");
    assert_eq!(
        doc,
        yaml("swagger: '2.0'\npaths: {}\nservers: [{url: /api}]\n")
    );
}

#[test]
fn rewrites_refs_into_definitions_and_reads_schema_forms() {
    let (doc, _, found) = run(
        "swagger: '2.0'\npaths: {}\ndefinitions:\n  A:\n    discriminator: k\n    properties:\n      k: {type: string, x-nullable: true}\n      b: {$ref: '#/definitions/B/properties/c', x-nullable: true}\n  B: {properties: {c: {type: string}}}\n",
    );
    assert!(found.is_empty(), "{found:?}");
    let expected = yaml(
        "swagger: '2.0'\npaths: {}\ncomponents:\n  schemas:\n    A:\n      discriminator: {propertyName: k}\n      properties:\n        k: {type: string, nullable: true}\n        b: {allOf: [{$ref: '#/components/schemas/B/properties/c'}], nullable: true}\n    B: {properties: {c: {type: string}}}\n",
    );
    assert_eq!(doc, expected);
}
