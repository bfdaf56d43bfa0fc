"""Loopback only: the server process (and the worker zygote) reach nothing but loopback."""

from __future__ import annotations

import ipaddress
import socket
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import _socket
    from _socket import _Address  # what socket.socket.connect takes (typeshed)


# --- loopback only ----------------------------------------------------------------------


def _is_loopback_host(host: str) -> bool:
    host = host.strip("[]").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def apply_loopback_guard() -> None:
    """Refuse, in this process, every connection, datagram and name lookup that is not
    loopback, and keep every socket it binds on loopback."""
    original_getaddrinfo = socket.getaddrinfo
    original_connect = socket.socket.connect
    original_connect_ex = socket.socket.connect_ex

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        if host is not None and not _is_loopback_host(
            host.decode() if isinstance(host, bytes) else str(host)
        ):
            raise socket.gaierror(socket.EAI_NONAME, f"{host}: not loopback, refused locally")
        if isinstance(host, str) and host.endswith(".localhost"):
            host = "127.0.0.1"
        return original_getaddrinfo(host, *args, **kwargs)

    def _check(address: _Address) -> None:
        if isinstance(address, tuple) and not _is_loopback_host(str(address[0])):
            raise ConnectionRefusedError(f"{address[0]}: not loopback, refused locally")

    def connect(self: _socket.socket, address: _Address) -> None:
        _check(address)
        original_connect(self, address)

    def connect_ex(self: _socket.socket, address: _Address) -> int:
        _check(address)
        return original_connect_ex(self, address)

    def bind(self: _socket.socket, address: _Address) -> None:
        # a wildcard bind (a server in a function) listens on loopback only
        if isinstance(address, tuple) and str(address[0]) in ("", "0.0.0.0", "::"):
            address = ("::1" if self.family == socket.AF_INET6 else "127.0.0.1", *address[1:])
        _check(address)
        original_bind(self, address)

    def sendto(self: _socket.socket, data: Any, *args: Any) -> int:
        # a datagram socket sending unbound (X-Ray's UDP emitter in Powertools' Tracer) is
        # bound by the kernel to every interface: bind it to loopback first
        _check(args[-1])
        if self.family in (socket.AF_INET, socket.AF_INET6) and self.getsockname()[1] == 0:
            bind(self, ("", 0))
        return int(original_sendto(self, data, *args))

    original_bind, original_sendto = socket.socket.bind, socket.socket.sendto
    socket.getaddrinfo = getaddrinfo
    # patching the class on purpose: mypy refuses any assignment to a method (4 ignores)
    socket.socket.connect = connect  # type: ignore[method-assign]
    socket.socket.connect_ex = connect_ex  # type: ignore[method-assign]
    socket.socket.bind = bind  # type: ignore[method-assign]
    socket.socket.sendto = sendto  # type: ignore[method-assign]


def check_loopback_guard() -> dict[str, bool]:
    """With the guard on, a connection or name lookup off this machine is refused here,
    before anything is sent (192.0.2.1 is TEST-NET-1: never routed)."""
    refused_connect = refused_lookup = False
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.settimeout(0.5)
        try:
            probe.connect(("192.0.2.1", 443))
        except ConnectionRefusedError as exc:
            refused_connect = "not loopback" in str(exc)
        except OSError:
            pass
    try:
        socket.getaddrinfo("auth.example.com", 443)
    except socket.gaierror as exc:
        refused_lookup = "not loopback" in str(exc)
    loopback_ok = bool(socket.getaddrinfo("abc.execute-api.localhost", 80))
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
        udp.sendto(b"{}", ("127.0.0.1", 2000))  # X-Ray's daemon address
        datagram_on_loopback = udp.getsockname()[0] == "127.0.0.1"
        try:
            udp.sendto(b"{}", ("192.0.2.1", 2000))
            refused_datagram = False
        except ConnectionRefusedError as exc:
            refused_datagram = "not loopback" in str(exc)
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as server:
        server.bind(("0.0.0.0", 0))
        wildcard_bind_on_loopback = server.getsockname()[0] == "127.0.0.1"
    return {
        "refused_connect": refused_connect,
        "refused_lookup": refused_lookup,
        "loopback_ok": loopback_ok,
        "datagram_on_loopback": datagram_on_loopback,
        "refused_datagram": refused_datagram,
        "wildcard_bind_on_loopback": wildcard_bind_on_loopback,
    }
