//! OpenAPI 3.1 webhooks, received: the crate `tests/generated-webhooks/`, generated from
//! `tests/fixtures/types/webhooks.yaml`, implementing its `Webhooks` trait and serving its
//! receiver router on a loopback port under a registered URL's path. Deliveries that follow
//! the spec reach the trait with typed payloads; those that do not are refused before it.

use std::sync::{Arc, Mutex};

use generated_webhooks::types::{OrderShippedRequest, StockLevel, Unsubscribe};
use generated_webhooks::webhooks::{
    OrderShippedReply, RequestContext, RouterOptions, StockRunningLowReply, Webhooks,
    router_with_options,
};
use serde_json::{Value, json};

/// What the receiver was sent, in order.
#[derive(Debug, PartialEq)]
enum Delivery {
    Shipped(OrderShippedRequest),
    StockLow(StockLevel, Option<i64>),
}

/// A receiver that records every delivery; it unsubscribes from orders shipped by `none`.
#[derive(Default)]
struct Recorder {
    deliveries: Mutex<Vec<Delivery>>,
}

impl Recorder {
    fn record(&self, delivery: Delivery) {
        if let Ok(mut deliveries) = self.deliveries.lock() {
            deliveries.push(delivery);
        }
    }

    fn take(&self) -> Vec<Delivery> {
        std::mem::take(&mut *self.deliveries.lock().expect("deliveries"))
    }
}

impl Webhooks for Recorder {
    async fn order_shipped(
        &self,
        _context: RequestContext,
        body: OrderShippedRequest,
    ) -> OrderShippedReply {
        let unsubscribe = body.carrier == "none";
        self.record(Delivery::Shipped(body));
        if unsubscribe {
            OrderShippedReply::Gone(Unsubscribe {
                reason: Some("no carrier".into()),
            })
        } else {
            OrderShippedReply::Ok
        }
    }

    async fn stock_running_low(
        &self,
        context: RequestContext,
        body: StockLevel,
    ) -> StockRunningLowReply {
        self.record(Delivery::StockLow(body, context.x_delivery_attempt));
        StockRunningLowReply::NoContent
    }
}

/// The receiver's URL on a free loopback port (the webhooks under `/hooks`), and the receiver.
async fn serve() -> (String, Arc<Recorder>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind loopback");
    let addr = listener.local_addr().expect("local addr");
    let recorder = Arc::new(Recorder::default());
    let mut options = RouterOptions::default();
    options.base_path = "/hooks".to_owned();
    let app = router_with_options(Arc::clone(&recorder), options);
    tokio::spawn(async move { axum::serve(listener, app).await });
    (format!("http://{addr}/hooks"), recorder)
}

/// Delivers `body` as JSON to the webhook at `path` of the receiver at `base`.
async fn deliver(base: &str, path: &str, body: &Value, attempt: Option<&str>) -> (u16, Value) {
    let mut request = reqwest::Client::new()
        .post(format!("{base}{path}"))
        .json(body);
    if let Some(attempt) = attempt {
        request = request.header("X-Delivery-Attempt", attempt);
    }
    let response = request.send().await.expect("send");
    let status = response.status().as_u16();
    let text = response.text().await.expect("body");
    let value = serde_json::from_str(&text).unwrap_or(Value::String(text));
    (status, value)
}

#[tokio::test]
async fn a_delivery_reaches_the_receiver_typed_and_gets_its_answer() {
    let (base, recorder) = serve().await;
    let shipped = json!({"order_id": "A-1", "carrier": "post", "weight_kg": 1.5});
    let (status, body) = deliver(&base, "/orderShipped", &shipped, None).await;
    assert_eq!(status, 200, "{body}");
    let (status, body) = deliver(
        &base,
        "/stock.low",
        &json!({"sku": "S-9", "left": 2}),
        Some("3"),
    )
    .await;
    assert_eq!(status, 204, "{body}");
    assert_eq!(
        recorder.take(),
        [
            Delivery::Shipped(OrderShippedRequest {
                order_id: "A-1".into(),
                carrier: "post".into(),
                weight_kg: Some(1.5),
            }),
            Delivery::StockLow(
                StockLevel {
                    sku: "S-9".into(),
                    left: 2,
                },
                Some(3)
            ),
        ]
    );
}

#[tokio::test]
async fn the_receivers_documented_answer_goes_back_with_its_status_and_body() {
    let (base, recorder) = serve().await;
    let shipped = json!({"order_id": "A-2", "carrier": "none"});
    let (status, body) = deliver(&base, "/orderShipped", &shipped, None).await;
    assert_eq!(status, 410, "{body}");
    assert_eq!(body, json!({"reason": "no carrier"}));
    assert_eq!(recorder.take().len(), 1);
}

#[tokio::test]
async fn a_payload_that_breaks_the_spec_is_refused_before_the_receiver() {
    let (base, recorder) = serve().await;
    let cases = [
        // `order_id` has `maxLength: 12`.
        (
            "/orderShipped",
            json!({"order_id": "A-1234567890123", "carrier": "post"}),
        ),
        // `carrier` is required.
        ("/orderShipped", json!({"order_id": "A-3"})),
        // `weight_kg` has `minimum: 0`.
        (
            "/orderShipped",
            json!({"order_id": "A-4", "carrier": "post", "weight_kg": -1}),
        ),
        // `left` has `minimum: 0`, and is an integer.
        ("/stock.low", json!({"sku": "S-1", "left": -1})),
        ("/stock.low", json!({"sku": "S-1", "left": "many"})),
    ];
    for (path, payload) in cases {
        let (status, body) = deliver(&base, path, &payload, None).await;
        assert_eq!(status, 400, "{path} {payload}: {body}");
        assert!(
            body["detail"].as_str().is_some_and(|d| !d.is_empty()),
            "{path} {payload}: the refusal says nothing: {body}"
        );
    }
    assert_eq!(recorder.take(), []);
}

#[tokio::test]
async fn a_header_parameter_that_breaks_the_spec_is_refused() {
    let (base, recorder) = serve().await;
    let (status, body) = deliver(
        &base,
        "/stock.low",
        &json!({"sku": "S-1", "left": 1}),
        Some("0"),
    )
    .await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(recorder.take(), []);
}

#[tokio::test]
async fn only_the_webhooks_are_served_and_only_by_their_method() {
    let (base, recorder) = serve().await;
    let payload = json!({"sku": "S-1", "left": 1});
    let (status, _) = deliver(&base, "/subscriptions", &payload, None).await;
    assert_eq!(status, 404, "the API's own paths are not the receiver's");
    let (status, _) = deliver(&base.replace("/hooks", ""), "/stock.low", &payload, None).await;
    assert_eq!(status, 404, "the webhooks are under the base path");
    let response = reqwest::Client::new()
        .get(format!("{base}/stock.low"))
        .send()
        .await
        .expect("send");
    assert_eq!(response.status().as_u16(), 405);
    assert_eq!(recorder.take(), []);
}
