"""The shared cache's backend: Django's Redis cache, with one client a connection pool.

Django's backend makes a new ``redis.Redis`` for every command, which copies the library's
table of reply handlers each time (0.2 ms, measured; a comparison page reads its fragments in
five to a dozen commands). A client is safe to share between threads and keeps no state of its
own beyond its pool, so each process keeps one a pool. Its serializer tries every value read as
an integer first, raising and catching an error for each pickle; here a pickle, which starts
with its protocol's opcode, is unpickled at once.
"""

import pickle

from django.core.cache.backends import redis

PICKLE_OPCODE = pickle.PROTO  # the first byte of every pickle of protocol 2 and later


class RedisSerializer(redis.RedisSerializer):
    def loads(self, data):
        if data[:1] == PICKLE_OPCODE:
            return pickle.loads(data)  # noqa: S301 (what this cache's own processes stored)
        return super().loads(data)


class RedisCacheClient(redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}
        self._serializer = RedisSerializer()

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._clients[index] = super().get_client(key, write=write)
        return client


class RedisCache(redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
