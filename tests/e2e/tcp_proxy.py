"""A small threaded TCP proxy for fault tests: in front of PostgreSQL it cuts connections or goes
down for a while; in front of several servers it spreads connections round-robin (a load
balancer for replicas); it can add latency to every chunk it forwards."""

from __future__ import annotations

import itertools
import socket
import threading
import time
from contextlib import suppress


class TcpProxy:
    def __init__(
        self, targets: list[tuple[str, int]], *, port: int = 0, latency_seconds: float = 0.0
    ) -> None:
        self._targets = itertools.cycle(targets)
        self._targets_lock = threading.Lock()
        self.latency_seconds = latency_seconds
        self._sockets: set[socket.socket] = set()
        self._lock = threading.Lock()
        self._listener: socket.socket | None = None
        self.port = port
        self.connections = 0
        self.per_target: dict[tuple[str, int], int] = {target: 0 for target in targets}
        self.up()

    def up(self) -> None:
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(128)
        self.port = listener.getsockname()[1]
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def down(self) -> None:
        """Refuses new connections and cuts the open ones: the server looks gone."""
        listener, self._listener = self._listener, None
        if listener is not None:
            with suppress(OSError):
                listener.shutdown(socket.SHUT_RDWR)
            listener.close()
        self.cut()

    def cut(self) -> None:
        """Cuts every open connection (a network blip, a database failover)."""
        with self._lock:
            sockets, self._sockets = self._sockets, set()
        for sock in sockets:
            with suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()

    def close(self) -> None:
        self.down()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            if self._listener is not listener:
                client.close()
                return
            with self._targets_lock:
                target = next(self._targets)
            try:
                server = socket.create_connection(target, timeout=5)
                server.settimeout(None)
            except OSError:
                client.close()
                continue
            with self._lock:
                self._sockets.update((client, server))
                self.connections += 1
                self.per_target[target] += 1
            for source, sink in ((client, server), (server, client)):
                threading.Thread(target=self._pipe, args=(source, sink), daemon=True).start()

    def _pipe(self, source: socket.socket, sink: socket.socket) -> None:
        try:
            while chunk := source.recv(65536):
                if self.latency_seconds:
                    time.sleep(self.latency_seconds)
                sink.sendall(chunk)
        except OSError:
            pass
        finally:
            with self._lock:
                self._sockets.difference_update((source, sink))
            for sock in (source, sink):
                with suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                sock.close()
