"""Produces numbered records with an idempotent confluent-kafka (librdkafka) producer until told
to stop, reporting every delivery, so that the caller knows exactly which numbers the cluster
acknowledged.

Record n goes to partition n % partitions with value str(n) and key "k<n>", at about `rate`
records a second, with at most `window` records awaiting their delivery report.

argv[1]: JSON {bootstrap, topic, partitions, rate, window, flush_timeout, config: {...}}
stdin:   a line "stop", or its end, stops producing; what is queued is flushed, then the script exits.
stdout, one line per event:
  A <n> <offset>     delivered (acknowledged)
  F <n> <error>      failed for good (not acknowledged; may still be stored)
  X <error>          fatal producer error: nothing more will be delivered (exit status 3)
  D <produced> <remaining>   done: numbers 0..produced-1 were handed to the producer, and
                             <remaining> of them had no report by the flush timeout
"""
import json
import sys
import threading
import time

from confluent_kafka import KafkaException, Producer

request = json.loads(sys.argv[1])
partitions = request['partitions']
stop = threading.Event()
fatal = []
reported = 0
out = []


def read_stdin():
    for line in sys.stdin:
        if line.strip() == 'stop':
            break
    stop.set()


def on_delivery(err, msg):
    global reported
    reported += 1
    n = int(msg.value())
    if err is None:
        out.append(f'A {n} {msg.offset()}')
    else:
        out.append(f'F {n} {err.str()}')


def on_error(err):
    # Transport errors while a broker is down are expected and retried; only fatal ones matter.
    if err.fatal():
        fatal.append(err.str())
        out.append(f'X {err.str()}')
        stop.set()


def flush_out():
    if out:
        sys.stdout.write('\n'.join(out) + '\n')
        sys.stdout.flush()
        out.clear()


config = {
    'bootstrap.servers': request['bootstrap'],
    'enable.idempotence': True,
    'acks': 'all',
    'linger.ms': 5,
    'error_cb': on_error,
}
config.update(request.get('config', {}))
producer = Producer(config)
threading.Thread(target=read_stdin, daemon=True).start()

rate = request['rate']
window = request['window']
started = time.monotonic()
n = 0
try:
    while not stop.is_set():
        due = (time.monotonic() - started) * rate
        if n < due and n - reported < window:
            try:
                producer.produce(request['topic'], partition=n % partitions, key=f'k{n}'.encode(), value=str(n).encode(),
                                 on_delivery=on_delivery)
                n += 1
            except BufferError:
                producer.poll(0.01)
            producer.poll(0)
        else:
            # Paced: waits for the next record's time, or for reports to free the window.
            producer.poll(0.002)
        flush_out()
    remaining = producer.flush(request['flush_timeout'])
except KafkaException as err:
    # A fatal error: produce(), poll() and flush() raise it from then on.
    if not fatal:
        fatal.append(str(err))
        out.append(f'X {err}')
    remaining = len(producer)
flush_out()
sys.stdout.write(f'D {n} {remaining}\n')
sys.stdout.flush()
sys.exit(3 if fatal else 0)
