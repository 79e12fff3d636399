"""Produces records with confluent-kafka (librdkafka) to one partition, in order.

Request: {bootstrap, topic, partition, codec, records: [{key, value, headers}], config: {...}}
Output: one line {"delivered": n, "errors": [...]}.
"""
from confluent_kafka import Producer

from common import b64decode, decode_headers, emit, read_request

request = read_request()
config = {
    'bootstrap.servers': request['bootstrap'],
    'compression.type': request['codec'],
    'linger.ms': 50,
    'message.max.bytes': 2 * 1024 * 1024,
}
config.update(request.get('config', {}))
producer = Producer(config)
# Learn the partition's leader before producing. Otherwise librdkafka sends whatever is queued the
# moment the leader becomes known (the linger time of the first message has long passed), and a
# first batch of a record or two that the codec cannot shrink goes out uncompressed.
producer.list_topics(request['topic'], timeout=10)
errors = []
delivered = 0


def on_delivery(err, msg):
    global delivered
    if err is not None:
        errors.append(str(err))
    else:
        delivered += 1


for record in request['records']:
    producer.produce(
        request['topic'],
        partition=request['partition'],
        key=b64decode(record['key']),
        value=b64decode(record['value']),
        headers=decode_headers(record['headers']),
        on_delivery=on_delivery,
    )
    producer.poll(0)
remaining = producer.flush(request.get('timeout', 20))
if remaining:
    errors.append(f'{remaining} messages not delivered before the flush timeout')
emit({'delivered': delivered, 'errors': errors})
