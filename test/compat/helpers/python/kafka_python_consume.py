"""Reads whole partitions with kafka-python using assign() and group_id=None: no group at all.

Request: {bootstrap, topics: [...], partition, timeout, stop_at: {topic: offset}}
stop_at (optional) ends a topic's read before that offset instead of at the partition's end; it
also makes every fetch return a single batch (the broker's KIP-74 minimum), so no batch past
stop_at is fetched, and decoded, before the read ends.
Output: one JSON line per record, in the order read.
"""
import time

from kafka import KafkaConsumer, TopicPartition

from common import emit_record, read_request

request = read_request()
consumer = KafkaConsumer(
    bootstrap_servers=request['bootstrap'],
    group_id=None,
    enable_auto_commit=False,
    max_partition_fetch_bytes=1 if request.get('stop_at') else 1024 * 1024,
)
partitions = [TopicPartition(topic, request['partition']) for topic in request['topics']]
consumer.assign(partitions)
end = consumer.end_offsets(partitions)
for tp in partitions:
    end[tp] = min(end[tp], request.get('stop_at', {}).get(tp.topic, end[tp]))
for tp in partitions:
    consumer.seek_to_beginning(tp)
deadline = time.monotonic() + request.get('timeout', 20)
pending = {tp for tp in partitions if consumer.position(tp) < end[tp]}
while pending and time.monotonic() < deadline:
    for tp, records in consumer.poll(timeout_ms=500).items():
        for r in records:
            if r.offset >= end[tp]:
                break
            emit_record(r.topic, r.partition, r.offset, r.key, r.value, r.headers)
        if consumer.position(tp) >= end[tp]:
            pending.discard(tp)
consumer.close()
if pending:
    raise SystemExit(f'timed out before the end of {sorted(str(tp) for tp in pending)}')
