"""Reads whole partitions with confluent-kafka (librdkafka) using assign(): no group membership.

Request: {bootstrap, topics: [...], partition, timeout}
Output: one JSON line per record, in the order read.
NB: confluent-kafka 1.7 refuses to create a Consumer without group.id, even one that only
assigns; commits are off, so the group is never used.
"""
import os
import sys
import time

from confluent_kafka import Consumer, KafkaError, TopicPartition

from common import emit_record, read_request

request = read_request()
consumer = Consumer({
    'bootstrap.servers': request['bootstrap'],
    'group.id': 'oxbow-compat-assign-only',
    'enable.auto.commit': False,
    'enable.partition.eof': True,
    'fetch.message.max.bytes': 1024 * 1024,
})
partition = request['partition']
deadline = time.monotonic() + request.get('timeout', 20)
pending = set()
assignment = []
for topic in request['topics']:
    low, high = consumer.get_watermark_offsets(TopicPartition(topic, partition), timeout=10)
    if high > low:
        pending.add(topic)
        assignment.append(TopicPartition(topic, partition, low))
consumer.assign(assignment)
while pending and time.monotonic() < deadline:
    msg = consumer.poll(1.0)
    if msg is None:
        continue
    if msg.error():
        if msg.error().code() == KafkaError._PARTITION_EOF:
            pending.discard(msg.topic())
            continue
        raise SystemExit(f'consume error: {msg.error()}')
    emit_record(msg.topic(), msg.partition(), msg.offset(), msg.key(), msg.value(), msg.headers())
consumer.close()
if pending:
    sys.stderr.write(f'timed out before the end of {sorted(pending)}\n')
sys.stdout.flush()
sys.stderr.flush()
# NB: confluent-kafka 1.7.0 drops one reference to None too many for each null header value it
# returns (msg.headers()); after enough of them the interpreter aborts at exit with "Fatal Python
# error: none_dealloc". Everything is flushed, so leave without finalizing.
os._exit(1 if pending else 0)
