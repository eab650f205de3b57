#!/usr/bin/env python3
"""Classify pictures with Sightline over Kafka (confluent-kafka; Debian: python3-confluent-kafka).

    classify.py [--bootstrap localhost:9092] [--request-topic sightline.classify.requests] \
        --reply-topic sightline.replies.my-app FILE...

Prints one line per picture: <file> <label> <confidence> <requestId>, or <file> error <code> <requestId>.
The reply topic must exist and start with a prefix the service allows (sightline.replies. by default).
Schemas of the events: GET /api/schemas/classify-request and /api/schemas/classify-result.
"""
import argparse
import base64
import json
import os
import sys
import time
import uuid

from confluent_kafka import Consumer, Producer, TopicPartition

MAX_ATTEMPTS = 5  # sends of one picture when the answers are retriable (no_model, unavailable, overloaded)


def main():
    args = parse_args()
    consumer = Consumer({
        "bootstrap.servers": args.bootstrap,
        "group.id": "unused",  # required by the library; nothing is committed
        "enable.auto.commit": False,
        "isolation.level": "read_committed",  # only results whose transaction committed
    })
    start_at_the_end(consumer, args.reply_topic)
    producer = Producer({"bootstrap.servers": args.bootstrap, "enable.idempotence": True,
                         "message.max.bytes": 2 * 1024 * 1024})

    requests = {}  # requestId -> (file, request JSON, attempts)
    for path in args.files:
        with open(path, "rb") as f:
            picture = base64.b64encode(f.read()).decode("ascii")
        request_id = str(uuid.uuid4())
        request = json.dumps({"requestId": request_id, "imageBase64": picture, "replyTopic": args.reply_topic})
        requests[request_id] = [path, request, 1]
        producer.produce(args.request_topic, key=request_id, value=request)
    producer.flush()

    failures = 0
    deadline = time.monotonic() + args.timeout
    while requests and time.monotonic() < deadline:
        message = consumer.poll(0.5)
        if message is None or message.error():
            continue
        result = json.loads(message.value())
        pending = requests.get(result.get("requestId"))
        if pending is None:
            continue  # an answer to someone else's request
        path, request, attempts = pending
        error = result.get("error") or {}
        if result["status"] == "error" and error.get("retriable") and attempts < MAX_ATTEMPTS:
            time.sleep(0.5 * attempts)
            pending[2] = attempts + 1
            producer.produce(args.request_topic, key=result["requestId"], value=request)
            producer.flush()
            continue
        del requests[result["requestId"]]
        name = os.path.basename(path)
        if result["status"] == "ok":
            print(f"{name} {result['label']} {result['confidence']:.3f} {result['requestId']}", flush=True)
        else:
            failures += 1
            print(f"{name} error {error.get('code')} {result['requestId']}", flush=True)
    consumer.close()
    for request_id, (path, _, _) in requests.items():
        print(f"{os.path.basename(path)} error timeout {request_id}", flush=True)
    return 0 if failures == 0 and not requests else 1


def start_at_the_end(consumer, topic):
    """Reads the reply topic from where it ends now, so the answers to these requests are all seen."""
    metadata = consumer.list_topics(topic, timeout=10)
    if metadata.topics[topic].error is not None:
        sys.exit(f"reply topic {topic}: {metadata.topics[topic].error}")
    partitions = []
    for partition in metadata.topics[topic].partitions:
        _, end = consumer.get_watermark_offsets(TopicPartition(topic, partition), timeout=10)
        partitions.append(TopicPartition(topic, partition, end))
    consumer.assign(partitions)


def parse_args():
    parser = argparse.ArgumentParser(description="Classify pictures with Sightline over Kafka.")
    parser.add_argument("--bootstrap", default="localhost:9092")
    parser.add_argument("--request-topic", default="sightline.classify.requests")
    parser.add_argument("--reply-topic", required=True)
    parser.add_argument("--timeout", type=float, default=60, help="seconds to wait for every answer")
    parser.add_argument("files", nargs="+")
    return parser.parse_args()


if __name__ == "__main__":
    sys.exit(main())
