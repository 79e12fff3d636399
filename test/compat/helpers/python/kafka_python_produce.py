"""Produces records with kafka-python (a pure-Python client) to one partition, in order.

Request: {bootstrap, topic, partition, codec, records: [{key, value, headers}], config: {...}}
Output: one line {"delivered": n, "errors": [...], "api_version": [...]}.
"""
from kafka import KafkaProducer

from common import b64decode, decode_headers, emit, read_request

request = read_request()
config = {
    'bootstrap_servers': request['bootstrap'],
    'compression_type': None if request['codec'] == 'none' else request['codec'],
    'acks': 'all',
    'linger_ms': 50,
    'max_request_size': 2 * 1024 * 1024,
    # One request at a time keeps the partition's order even if a batch is retried.
    'max_in_flight_requests_per_connection': 1,
}
config.update(request.get('config', {}))
producer = KafkaProducer(**config)
futures = [
    producer.send(
        request['topic'],
        partition=request['partition'],
        key=b64decode(record['key']),
        value=b64decode(record['value']),
        headers=decode_headers(record['headers']),
    )
    for record in request['records']
]
producer.flush(request.get('timeout', 20))
errors = []
delivered = 0
for future in futures:
    try:
        future.get(timeout=0)
        delivered += 1
    except Exception as err:  # noqa: BLE001 - reported to the test, which fails on it
        errors.append(repr(err))
emit({'delivered': delivered, 'errors': errors, 'api_version': list(producer.config['api_version'])})
producer.close(timeout=5)
