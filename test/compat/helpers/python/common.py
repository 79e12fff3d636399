"""Shared plumbing for the compat scripts: a JSON request on stdin, JSON lines on stdout.

Bytes travel as base64 so that null, empty and binary values survive the trip unchanged.
"""
import base64
import json
import sys


def read_request():
    return json.load(sys.stdin)


def b64decode(value):
    return None if value is None else base64.b64decode(value)


def b64encode(value):
    return None if value is None else base64.b64encode(value).decode('ascii')


def decode_headers(headers):
    return [(k, b64decode(v)) for k, v in headers]


def emit(obj):
    sys.stdout.write(json.dumps(obj) + '\n')


def emit_record(topic, partition, offset, key, value, headers):
    emit({
        'topic': topic,
        'partition': partition,
        'offset': offset,
        'key': b64encode(key),
        'value': b64encode(value),
        'headers': [[k, b64encode(v)] for k, v in (headers or [])],
    })
