"""Queue consumers. A task taken from the queue is either finished or put back, never lost."""
import asyncio
import json
import logging

from . import metrics
from .lifecycle import Draining

log = logging.getLogger("agent.worker")
RECONNECT_SECONDS = 2.0


async def handle(payload: bytes, lifecycle, run_task) -> None:
    async with lifecycle:
        try:
            await run_task(json.loads(payload))
        except Exception:
            metrics.TASKS.labels(status="error").inc()
            raise
        metrics.TASKS.labels(status="success").inc()


async def consume_redis(settings, lifecycle, run_task) -> None:
    import redis.asyncio as redis  # only workers need the client

    client = redis.from_url(settings.queue_address)
    try:
        while not lifecycle.draining:
            try:
                item = await client.blpop([settings.queue_name], timeout=5)
            except (redis.ConnectionError, redis.TimeoutError) as exc:
                # An outage shows on /readyz; the consumer waits it out instead of dying with it.
                log.warning("queue unavailable, retrying in %ss: %s", RECONNECT_SECONDS, exc)
                await asyncio.sleep(RECONNECT_SECONDS)
                continue
            if item is None:
                continue
            try:
                await handle(item[1], lifecycle, run_task)
            except Draining:
                await client.lpush(settings.queue_name, item[1])
            except Exception:
                log.exception("task failed")
    finally:
        # redis-py 5 renamed close() to aclose(); Debian's python3-redis 4.3.4 has only close().
        await getattr(client, "aclose", client.close)()


async def consume_jetstream(settings, lifecycle, run_task) -> None:
    import nats  # only workers need the client

    nc = await nats.connect(settings.queue_address)
    js = nc.jetstream()
    sub = await js.pull_subscribe("", durable=settings.queue_consumer, stream=settings.queue_name)
    while not lifecycle.draining:
        try:
            messages = await sub.fetch(1, timeout=5)
        except asyncio.TimeoutError:
            continue
        for msg in messages:
            try:
                await handle(msg.data, lifecycle, run_task)
                await msg.ack()
            except Draining:
                await msg.nak()
            except Exception:
                log.exception("task failed")
                await msg.nak(delay=30)
    await nc.drain()


def start(settings, lifecycle, run_task):
    consumers = {"redis": consume_redis, "nats-jetstream": consume_jetstream}
    consumer = consumers.get(settings.queue_kind)
    if consumer is None:
        return None
    return asyncio.get_running_loop().create_task(consumer(settings, lifecycle, run_task))
