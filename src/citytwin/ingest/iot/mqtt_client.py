"""The ingest worker's paho client: the socket read in large chunks, publications handed over lean, a batch's
PUBACKs sent as one write.

Stock paho reads each packet with at least three ``recv`` calls (type byte, length bytes, body) and reads
one packet per ``select`` wake-up; for every publication it decodes the MQTT 5 properties into a
``Properties`` object, builds an ``MQTTMessage`` and walks the topic-callback matcher; and every PUBACK is a
packet of its own (a wake-up byte on the loop's socket pair, then a ``send``). At thousands of messages a
second that was most of the transport's CPU.

:class:`IngestClient` overrides four of paho's internal methods (``_sock_recv``, ``loop_read``,
``_handle_publish``, plus :meth:`IngestClient.ack_many` built on ``_packet_queue``); a paho without them
(checked once) gets the stock behaviour, so the client stays correct, only slower. What it changes:

* ``loop_read`` reads packets from one ``recv`` of up to 256 KiB until that buffer is used up. Outside
  ``loop_read`` the buffer is always empty, so the loop's ``select`` never misses buffered bytes; one
  wake-up reads at most one more ``recv`` (to finish a packet cut at the buffer's end), so writes and
  keep-alive pings are not starved.
* a QoS 0/1 publication goes to ``on_publication(topic, payload, mid, qos)`` with its properties skipped
  (the worker uses none); QoS 2, or no handler, takes paho's own path.
* :meth:`IngestClient.ack_many` queues the PUBACKs of a batch as one buffer: the broker reads a packet
  stream, so N concatenated PUBACKs are N acknowledgements.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import Any

import paho.mqtt.client as paho
from paho.mqtt.enums import MQTTErrorCode
from paho.mqtt.exception import MalformedPacket

__all__ = ["FAST_PATH", "IngestClient", "PublicationHandler"]

log = logging.getLogger(__name__)

PublicationHandler = Callable[[str, bytes, int, int], None]
"""``(topic, payload, mid, qos)`` of one publication, on the network thread."""

_READ_CHUNK = 256 * 1024
_PUBACK = 0x40
_PUBACK_HEAD = bytes((_PUBACK, 2))
_METHODS = ("_sock_recv", "loop_read", "_packet_read", "_loop_rc_handle", "_packet_queue", "_handle_publish")
_ATTRIBUTES = ("_in_packet", "_sock", "_protocol", "_manual_ack", "_in_callback_mutex")

FAST_PATH = all(callable(getattr(paho.Client, name, None)) for name in _METHODS)
"""Whether this paho has the internals the fast path overrides (else :class:`IngestClient` is stock)."""


class IngestClient(paho.Client):
    """A paho client with chunked reads, lean publications and bulk PUBACKs (see the module docstring)."""

    def __init__(self, *args: Any, on_publication: PublicationHandler | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.on_publication = on_publication
        self.fast = FAST_PATH and all(hasattr(self, name) for name in _ATTRIBUTES)
        self._rbuf = b""
        self._rpos = 0
        self._rsock: Any = None
        self._refills: int | None = None
        """Real ``recv`` calls still allowed to refill the buffer (None: no limit, outside ``loop_read``)."""

    # -- reading ------------------------------------------------------------------------------------------
    def _sock_recv(self, bufsize: int) -> bytes:
        if not self.fast:
            return super()._sock_recv(bufsize)
        buf, pos = self._rbuf, self._rpos
        if pos >= len(buf) or self._sock is not self._rsock:
            # Empty, or left from an earlier connection (never handed to this one): read the socket.
            self._rbuf, self._rpos, self._rsock = b"", 0, self._sock
            if self._refills is not None:
                if self._refills <= 0:
                    raise BlockingIOError  # the rest waits in the socket: select() sees it
                self._refills -= 1
            data = super()._sock_recv(_READ_CHUNK)
            if not data:
                return data  # closed by the broker
            buf, pos = data, 0
            self._rbuf = data
        end = pos + bufsize
        self._rpos = min(end, len(buf))
        return buf[pos:end]

    def loop_read(self, max_packets: int = 1) -> MQTTErrorCode:
        """Read every packet of one socket read (paho reads one packet per call)."""
        if not self.fast:
            return super().loop_read(max_packets)
        if self._sock is None:
            return MQTTErrorCode.MQTT_ERR_NO_CONN
        # One read to start with and one more to finish a packet cut at the end of the first.
        self._refills = 2
        try:
            while True:
                if self.socket() is None:  # a packet handled may have closed the connection
                    return MQTTErrorCode.MQTT_ERR_NO_CONN
                rc = self._packet_read()
                if rc > 0:
                    return self._loop_rc_handle(rc)
                if rc == MQTTErrorCode.MQTT_ERR_AGAIN or self._rpos >= len(self._rbuf):
                    return MQTTErrorCode.MQTT_ERR_SUCCESS
        finally:
            self._refills = None

    def _handle_publish(self) -> MQTTErrorCode:
        handler = self.on_publication
        header = self._in_packet["command"]
        qos = (header & 0x06) >> 1
        if handler is None or qos > 1 or not self.fast:
            return super()._handle_publish()
        body = self._in_packet["packet"]
        try:
            pos = 2 + ((body[0] << 8) | body[1])
            topic = body[2:pos].decode("utf-8", "replace")
            mid = 0
            if qos:
                mid = (body[pos] << 8) | body[pos + 1]
                pos += 2
            if self._protocol == paho.MQTTv5:
                # The properties: a variable byte integer length, then that many bytes (skipped).
                length = shift = 0
                while True:
                    byte = body[pos]
                    pos += 1
                    length |= (byte & 0x7F) << shift
                    if not byte & 0x80:
                        break
                    shift += 7
                    if shift > 21:
                        raise IndexError("property length longer than four bytes")
                pos += length
            if pos > len(body):
                raise IndexError("properties run past the packet")
        except IndexError as err:
            raise MalformedPacket(f"PUBLISH: {err}") from None
        payload = bytes(body[pos:])
        with self._in_callback_mutex:
            try:
                handler(topic, payload, mid, qos)
            except Exception as err:
                log.error("caught exception in on_publication: %s", err)
                if not self.suppress_exceptions:
                    raise
        if qos == 1 and not self._manual_ack:
            return self._send_puback(mid)
        return MQTTErrorCode.MQTT_ERR_SUCCESS

    # -- acknowledging ---------------------------------------------------------------------------------
    def ack_many(self, mids: Sequence[int]) -> None:
        """PUBACK every QoS 1 message id in ``mids`` (manual-ack mode, like :meth:`ack`), in one write."""
        if not mids or not self._manual_ack:
            return
        if not self.fast:
            for mid in mids:
                self.ack(mid, 1)
            return
        head = _PUBACK_HEAD
        packet = b"".join([head + mid.to_bytes(2, "big") for mid in mids])
        self._packet_queue(_PUBACK, packet, 0, 1)
