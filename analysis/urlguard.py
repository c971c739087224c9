"""Fetch a web page for the user without letting the request reach places it must not.

A dashboard that fetches any address a visitor types can be turned against the machine it runs on
(server-side request forgery): ``http://127.0.0.1:8501/``, a database on the private network, or
the cloud metadata service at ``169.254.169.254`` that hands out credentials. :class:`UrlGuard`
fetches a page only when every address it would connect to is a public one:

* only ``http`` and ``https``; no user name or password in the address;
* the host name is resolved once, and every address it resolves to is checked: loopback, private,
  link-local, shared (carrier-grade NAT), multicast, reserved, unspecified, documentation and
  other non-public ranges are refused, and so are cloud metadata addresses
  (:data:`METADATA_ADDRESSES`) and IPv6 addresses that embed a refused IPv4 address
  (IPv4-mapped, 6to4, Teredo, NAT64);
* the connection goes to the very address that was checked, with the host name sent in the
  ``Host`` header and, for https, as the TLS server name (SNI) and for certificate verification.
  A second DNS answer (DNS rebinding) is never asked for, so it cannot swap in another address;
* redirects are followed by hand, at most :data:`MAX_REDIRECTS`, and each new address goes
  through the same checks before anything is sent to it;
* one deadline covers the whole fetch (DNS, connecting, every redirect, headers and body): a
  watchdog closes the connection when it passes, so a server that trickles a byte at a time
  cannot hold the request open; the body is read in chunks and the fetch stops as soon as it
  exceeds the size limit (compressed bodies are limited after decompression);
* proxy settings from the environment are ignored: a proxy would resolve the name itself, after
  the check.

Tests open the guard for exactly one local server with ``UrlGuard(allow=["127.0.0.1:8000"])``, or
for every private address with ``UrlGuard(allow_private=True)``; metadata addresses, multicast,
reserved and unspecified addresses stay closed even then.
"""

from __future__ import annotations

import contextlib
import http.client
import ipaddress
import re
import socket
import ssl
import threading
import time
import zlib
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field
from urllib.parse import quote, urljoin, urlsplit

from analysis.corpus import InputError

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str, int], list[str]]
"""``resolver(host, port)`` returns the IP addresses (as strings) the host name resolves to."""

ALLOWED_SCHEMES = ("http", "https")
MAX_REDIRECTS = 5
DEFAULT_TIMEOUT = 10.0
"""Seconds for the whole fetch, redirects included."""
DEFAULT_MAX_BYTES = 5_000_000
"""Largest page read (5 MB of HTML, after decompression): far above any article page."""
MAX_URL_CHARS = 2_000
USER_AGENT = "CoverageLens/0.1 (media-literacy classroom tool; fetches one page on request)"

METADATA_ADDRESSES: frozenset[IPAddress] = frozenset(
    ipaddress.ip_address(a)
    for a in (
        "169.254.169.254",  # AWS, Google Cloud, Azure, OpenStack, DigitalOcean, Oracle…
        "169.254.170.2",  # AWS ECS task metadata
        "169.254.169.253",  # AWS DNS resolver
        "169.254.169.123",  # AWS time service
        "fd00:ec2::254",  # AWS instance metadata over IPv6
        "fd00:ec2::253",  # AWS DNS over IPv6
        "100.100.100.200",  # Alibaba Cloud
        "192.0.0.192",  # Oracle Cloud (legacy)
    )
)
"""Cloud metadata services: refused even by a guard opened for private addresses."""
METADATA_HOSTS = frozenset({"metadata", "metadata.google.internal", "metadata.goog"})

_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_NAT64_LOCAL = ipaddress.ip_network("64:ff9b:1::/48")
_REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
_CHUNK = 65_536
_PATH_SAFE = "/%:@!$&'()*+,;=-._~"
_DNS_POOL = ThreadPoolExecutor(max_workers=4, thread_name_prefix="urlguard-dns")


class UrlRefused(InputError):
    """The address may not be fetched (scheme, credentials, or a non-public address)."""


class FetchError(InputError):
    """The page could not be fetched: offline, unknown host, refused, error status, too large…"""


@dataclass
class FetchedPage:
    """A page fetched through the guard."""

    url: str
    """The final address, after redirects."""
    status: int
    content_type: str
    """The media type in lower case (``text/html``), empty when the server sent none."""
    charset: str | None
    """The ``charset`` parameter of the Content-Type header, if any."""
    body: bytes
    redirects: list[str] = field(default_factory=list)
    """Every address redirected to, in order."""


@dataclass(frozen=True)
class _Target:
    url: str
    scheme: str
    host: str
    """ASCII host name (IDNA) or IP literal, without brackets."""
    port: int
    path: str


def _system_resolver(host: str, port: int) -> list[str]:
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP)
    seen: list[str] = []
    for info in infos:
        address = str(info[4][0]).split("%", 1)[0]
        if address not in seen:
            seen.append(address)
    return seen


class UrlGuard:
    """Decides which addresses may be fetched, and fetches pages through those checks.

    Args:
        allow_private: Also allow loopback, private, link-local and other non-public addresses
            (for a tool run on a trusted intranet, or tests). Metadata, multicast, reserved and
            unspecified addresses stay refused.
        allow: Exact ``"ip:port"`` endpoints allowed whatever their range, e.g.
            ``["127.0.0.1:8000", "[::1]:8000"]``: lets a test open the guard for one local server
            and nothing else.
        max_redirects: Redirects followed before giving up.
        resolver: Turns a host name into addresses; the system resolver by default (tests pass
            their own so that they never ask a real DNS server).
        ssl_context: TLS settings for https; certificates are verified against the system's
            trusted authorities by default.
    """

    def __init__(
        self,
        allow_private: bool = False,
        *,
        allow: Iterable[str] = (),
        max_redirects: int = MAX_REDIRECTS,
        resolver: Resolver | None = None,
        ssl_context: ssl.SSLContext | None = None,
    ) -> None:
        self.allow_private = allow_private
        self.allowed_endpoints = frozenset(_parse_endpoint(e) for e in allow)
        self.max_redirects = max_redirects
        self._resolver = resolver or _system_resolver
        self._ssl_context = ssl_context

    def __repr__(self) -> str:
        endpoints = sorted(f"{ip}:{port}" for ip, port in self.allowed_endpoints)
        return f"UrlGuard(allow_private={self.allow_private}, allow={endpoints})"

    # --- checks ---------------------------------------------------------------------------

    def refusal(self, address: str | IPAddress, port: int) -> str | None:
        """Say why connecting to this address and port is refused, or None when it is allowed.

        Args:
            address: An IP address.
            port: The TCP port.

        Returns:
            A short reason ("a private network address") or None.
        """
        ip = ipaddress.ip_address(address) if isinstance(address, str) else address
        if (ip, port) in self.allowed_endpoints:
            return None
        for candidate in _with_embedded(ip):
            reason = self._refusal_of(candidate)
            if reason:
                return reason
        return None

    def _refusal_of(self, ip: IPAddress) -> str | None:
        if ip in METADATA_ADDRESSES:
            return "a cloud metadata service address"
        if ip.is_unspecified:
            return "an unspecified address"
        if ip.is_multicast:
            return "a multicast address"
        if ip.is_loopback:
            return None if self.allow_private else "a loopback address (this machine)"
        if ip.is_link_local:
            return None if self.allow_private else "a link-local address"
        if ip.is_reserved:
            return "a reserved address"
        if self.allow_private:
            return None
        if ip.is_private:
            return "a private network address"
        if not ip.is_global:
            return "not a public internet address"
        return None

    def check_url(self, url: str) -> _Target:
        """Check an address's form: scheme, host name, port, no credentials.

        Raises:
            UrlRefused: With a one-line message saying what is wrong.
        """
        shown = _shorten(url)
        if len(url) > MAX_URL_CHARS:
            raise UrlRefused(
                f"{shown}: the address is {len(url):,} characters long, over the limit of "
                f"{MAX_URL_CHARS:,}; copy the page's address again"
            )
        if any(ord(c) <= 32 or ord(c) == 127 for c in url):
            raise UrlRefused(f"{shown}: the address contains spaces or control characters")
        try:
            parts = urlsplit(url)
            port = parts.port
        except ValueError as error:
            raise UrlRefused(f"{shown}: not a valid web address ({error})") from None
        scheme = parts.scheme.lower()
        if scheme not in ALLOWED_SCHEMES:
            named = f"'{scheme}:' addresses" if scheme else "addresses without http:// or https://"
            raise UrlRefused(
                f"{shown}: only http:// and https:// web pages can be fetched, not {named}"
            )
        if parts.username is not None or parts.password is not None:
            raise UrlRefused(f"{shown}: addresses with a user name or password are not fetched")
        host = (parts.hostname or "").rstrip(".")
        if not host:
            raise UrlRefused(f"{shown}: the address has no host name")
        try:
            ipaddress.ip_address(host)
        except ValueError:
            host = _ascii_host(host)
            if host is None:
                raise UrlRefused(f"{shown}: '{parts.hostname}' is not a valid host name") from None
        if host in METADATA_HOSTS:
            raise UrlRefused(f"{shown}: '{host}' is a cloud metadata service; not fetched")
        path = quote(parts.path or "/", safe=_PATH_SAFE)  # non-ASCII as %XX, as browsers do
        if parts.query:
            path += "?" + quote(parts.query, safe=_PATH_SAFE + "?")
        return _Target(
            url=url,
            scheme=scheme,
            host=host,
            port=port or (443 if scheme == "https" else 80),
            path=path,
        )

    def resolve(self, target: _Target, deadline: float) -> list[str]:
        """Resolve the target's host once and check every address it gives.

        Raises:
            UrlRefused: One of the addresses is refused.
            FetchError: The name cannot be resolved, or not before the deadline.
        """
        try:
            addresses = [str(ipaddress.ip_address(target.host))]
        except ValueError:
            future = _DNS_POOL.submit(self._resolver, target.host, target.port)
            try:
                addresses = future.result(timeout=max(deadline - time.monotonic(), 0.001))
            except FutureTimeout:
                raise FetchError(
                    f"{_shorten(target.url)}: looking up '{target.host}' took too long; "
                    "check your internet connection and try again"
                ) from None
            except (socket.gaierror, UnicodeError, OSError) as error:
                raise FetchError(_dns_message(target, error)) from None
        if not addresses:
            raise FetchError(_dns_message(target, socket.gaierror(socket.EAI_NONAME, "")))
        for address in addresses:
            reason = self.refusal(address, target.port)
            if reason:
                where = "" if address == target.host else f" resolves to {address}, which"
                raise UrlRefused(
                    f"{_shorten(target.url)}: '{target.host}'{where} is {reason}; "
                    "only public web sites can be fetched"
                )
        return addresses

    # --- fetching -------------------------------------------------------------------------

    def fetch(
        self,
        url: str,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        max_bytes: int = DEFAULT_MAX_BYTES,
    ) -> FetchedPage:
        """Fetch a page, checking the address of every hop before connecting to it.

        Args:
            url: An http or https address.
            timeout: Seconds for the whole fetch, redirects included.
            max_bytes: Largest body read (after decompression); larger pages are refused.

        Returns:
            The final page (status 2xx).

        Raises:
            UrlRefused: An address is not allowed (the first or a redirect).
            FetchError: Any other failure, with a one-line message: offline, unknown host,
                connection refused, timeout, an error status, too many redirects, too large.
        """
        deadline = time.monotonic() + timeout
        redirects: list[str] = []
        current = url
        while True:
            target = self.check_url(current)
            addresses = self.resolve(target, deadline)
            response = self._request(target, addresses, deadline, timeout, max_bytes)
            status, headers, body = response
            if status in _REDIRECT_STATUSES and headers.get("location"):
                if len(redirects) >= self.max_redirects:
                    raise FetchError(
                        f"{_shorten(url)}: more than {self.max_redirects} redirects; open the "
                        "page in a browser and copy its final address"
                    )
                current = urljoin(current, headers["location"].strip())
                redirects.append(current)
                continue
            if status >= 400:
                raise FetchError(_status_message(target, status, headers.get(":reason", "")))
            if not 200 <= status < 300:
                raise FetchError(
                    f"{_shorten(current)}: the site answered {status} "
                    f"{headers.get(':reason', '')}".rstrip()
                    + "; open the page in a browser and paste the article's text instead"
                )
            media_type, charset = _content_type(headers.get("content-type", ""))
            return FetchedPage(
                url=current,
                status=status,
                content_type=media_type,
                charset=charset,
                body=body,
                redirects=redirects,
            )

    def _request(
        self,
        target: _Target,
        addresses: list[str],
        deadline: float,
        timeout: float,
        max_bytes: int,
    ) -> tuple[int, dict[str, str], bytes]:
        last_error: OSError | None = None
        for address in addresses:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                break
            connection = self._connection(target, address, remaining)
            watchdog = _Watchdog(connection, remaining)
            watchdog.start()
            try:
                connection.connect()
            except OSError as error:
                watchdog.cancel()
                connection.close()
                last_error = error
                if watchdog.fired or isinstance(error, ssl.SSLError):
                    break
                continue
            try:
                return self._exchange(connection, target, deadline, timeout, max_bytes)
            except (OSError, http.client.HTTPException, UnicodeError) as error:
                if watchdog.fired or isinstance(error, TimeoutError):
                    raise FetchError(_timeout_message(target, timeout)) from None
                raise FetchError(_connection_message(target, error)) from None
            finally:
                watchdog.cancel()
                connection.close()
        if last_error is None or isinstance(last_error, TimeoutError):
            raise FetchError(_timeout_message(target, timeout))
        raise FetchError(_connection_message(target, last_error))

    def _connection(
        self, target: _Target, address: str, timeout: float
    ) -> http.client.HTTPConnection:
        if target.scheme == "https":
            context = self._ssl_context or ssl.create_default_context()
            return _PinnedHTTPSConnection(target.host, target.port, address, timeout, context)
        return _PinnedHTTPConnection(target.host, target.port, address, timeout)

    def _exchange(
        self,
        connection: http.client.HTTPConnection,
        target: _Target,
        deadline: float,
        timeout: float,
        max_bytes: int,
    ) -> tuple[int, dict[str, str], bytes]:
        connection.request(
            "GET",
            target.path,
            headers={
                "User-Agent": USER_AGENT,
                "Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5",
                "Accept-Encoding": "gzip, deflate",
                "Accept-Language": "en;q=1.0, *;q=0.5",
                "Connection": "close",
            },
        )
        response = connection.getresponse()
        headers = {k.lower(): v for k, v in response.getheaders()}
        headers[":reason"] = response.reason or ""
        status = response.status
        if status in _REDIRECT_STATUSES or status >= 300:
            return status, headers, b""
        declared = headers.get("content-length", "").strip()
        encoding = headers.get("content-encoding", "identity").strip().lower()
        if declared.isdigit() and int(declared) > max_bytes and encoding == "identity":
            raise FetchError(_too_large_message(target, max_bytes, int(declared)))
        decoder = _Decoder(encoding, target)
        body = bytearray()
        while True:
            if time.monotonic() > deadline:
                raise FetchError(_timeout_message(target, timeout))
            chunk = response.read1(_CHUNK) if hasattr(response, "read1") else response.read(_CHUNK)
            if not chunk:
                body += decoder.flush(max_bytes + 1 - len(body))
                break
            body += decoder.feed(chunk, max_bytes + 1 - len(body))
            if len(body) > max_bytes:
                raise FetchError(_too_large_message(target, max_bytes))
        if len(body) > max_bytes:
            raise FetchError(_too_large_message(target, max_bytes))
        return status, headers, bytes(body)


DEFAULT_GUARD = UrlGuard()
"""The closed guard: public internet addresses only."""


def _with_embedded(ip: IPAddress) -> list[IPAddress]:
    """The address and any IPv4 address an IPv6 address carries inside it (an IPv4-mapped
    address is just its IPv4 address)."""
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        return [ip.ipv4_mapped]  # ::ffff:a.b.c.d is a.b.c.d
    found: list[IPAddress] = []
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.sixtofour:
            found.append(ip.sixtofour)
        if ip.teredo:
            found.extend(ip.teredo)
        if ip in _NAT64 or ip in _NAT64_LOCAL:
            found.append(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
    return [*found, ip]


def _ascii_host(host: str) -> str | None:
    """The host name in ASCII (IDNA), or None when it is not a valid host name."""
    try:
        ascii_host = host.encode("idna").decode("ascii").lower()
    except UnicodeError:
        return None
    return ascii_host if re.fullmatch(r"[a-z0-9_.-]+", ascii_host) else None


def _parse_endpoint(endpoint: str) -> tuple[IPAddress, int]:
    match = re.fullmatch(r"\[([0-9A-Fa-f:.]+)\]:(\d+)|([0-9.]+):(\d+)", endpoint.strip())
    if not match:
        raise ValueError(f"not an 'ip:port' endpoint: {endpoint!r} (write IPv6 as [::1]:8000)")
    host = match.group(1) or match.group(3)
    port = int(match.group(2) or match.group(4))
    return ipaddress.ip_address(host), port


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """An HTTP connection to an address checked beforehand; ``Host`` stays the host name."""

    def __init__(self, host: str, port: int, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self._address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    """An HTTPS connection to a checked address; SNI and certificate check use the host name."""

    def __init__(
        self, host: str, port: int, address: str, timeout: float, context: ssl.SSLContext
    ) -> None:
        super().__init__(host, port, timeout=timeout, context=context)
        self._address = address
        self._tls = context

    def connect(self) -> None:
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = sock  # visible to the watchdog during the handshake
        try:
            self.sock = self._tls.wrap_socket(sock, server_hostname=self.host)
        except BaseException:
            self.sock = None
            sock.close()
            raise


class _Watchdog:
    """Shuts the connection's socket when the deadline passes, whatever it is waiting for."""

    def __init__(self, connection: http.client.HTTPConnection, seconds: float) -> None:
        self._connection = connection
        self._timer = threading.Timer(max(seconds, 0.001), self._fire)
        self._timer.daemon = True
        self.fired = False

    def start(self) -> None:
        self._timer.start()

    def cancel(self) -> None:
        self._timer.cancel()

    def _fire(self) -> None:
        self.fired = True
        sock = self._connection.sock
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)


class _Decoder:
    """Content-Encoding decoding with an output limit (a small gzip can unpack to gigabytes)."""

    def __init__(self, encoding: str, target: _Target) -> None:
        if encoding in ("", "identity"):
            self._zlib = None
        elif encoding in ("gzip", "x-gzip", "deflate"):
            self._zlib = zlib.decompressobj(zlib.MAX_WBITS | 32)
        else:
            raise FetchError(
                f"{_shorten(target.url)}: the page is compressed as '{encoding}', which cannot be "
                "read here; paste the article's text instead"
            )
        self._target = target

    def feed(self, data: bytes, room: int) -> bytes:
        if self._zlib is None:
            return data
        try:
            return self._zlib.decompress(self._zlib.unconsumed_tail + data, max(room, 1))
        except zlib.error:
            raise FetchError(
                f"{_shorten(self._target.url)}: the page's compressed data is damaged"
            ) from None

    def flush(self, room: int) -> bytes:
        if self._zlib is None:
            return b""
        return self._zlib.decompress(b"", max(room, 1)) if self._zlib.unconsumed_tail else b""


def _content_type(value: str) -> tuple[str, str | None]:
    media, _, params = value.partition(";")
    charset = None
    for param in params.split(";"):
        key, _, val = param.partition("=")
        if key.strip().lower() == "charset" and val.strip():
            charset = val.strip().strip("\"'").lower()
    return media.strip().lower(), charset


def _shorten(url: str, limit: int = 100) -> str:
    printable = "".join(c if c.isprintable() and c != " " else "?" for c in url)
    return printable if len(printable) <= limit else printable[: limit - 1] + "…"


def _dns_message(target: _Target, error: BaseException) -> str:
    shown = _shorten(target.url)
    if isinstance(error, socket.gaierror) and error.errno in (
        getattr(socket, "EAI_AGAIN", -3),
        getattr(socket, "EAI_FAIL", -4),
    ):
        return (
            f"{shown}: could not look up '{target.host}' (the name server did not answer); "
            "you may be offline: check the connection, or paste the article's text instead"
        )
    return (
        f"{shown}: the site '{target.host}' was not found (DNS lookup failed); check the "
        "address, or whether you are offline"
    )


def _connection_message(target: _Target, error: BaseException) -> str:
    shown, host = _shorten(target.url), target.host
    if isinstance(error, ssl.SSLCertVerificationError):
        detail = error.verify_message or "certificate verification failed"
        return (
            f"{shown}: the site's security certificate could not be verified ({detail}); "
            "not fetched"
        )
    if isinstance(error, ssl.SSLError):
        return f"{shown}: the secure (https) connection to '{host}' failed ({error.reason})"
    if isinstance(error, ConnectionRefusedError):
        return f"{shown}: '{host}' refused the connection (nothing answers on port {target.port})"
    if isinstance(error, ConnectionResetError | http.client.RemoteDisconnected):
        return f"{shown}: '{host}' closed the connection without sending the page"
    if isinstance(error, http.client.HTTPException):
        return f"{shown}: '{host}' sent an answer that is not valid HTTP"
    if isinstance(error, OSError) and error.errno in (101, 113, 51, 65):
        return (
            f"{shown}: cannot reach '{host}': no network route (are you offline?); paste the "
            "article's text instead"
        )
    reason = getattr(error, "strerror", None) or type(error).__name__
    return f"{shown}: could not connect to '{host}' ({reason})"


def _timeout_message(target: _Target, timeout: float) -> str:
    return (
        f"{_shorten(target.url)}: '{target.host}' did not send the page within {timeout:g} "
        "seconds; try again later, or paste the article's text instead"
    )


def _too_large_message(target: _Target, max_bytes: int, size: int | None = None) -> str:
    stated = f" ({size:,} bytes)" if size else ""
    return (
        f"{_shorten(target.url)}: the page is larger{stated} than the limit of {max_bytes:,} "
        "bytes; save the article's text and upload or paste it instead"
    )


def _status_message(target: _Target, status: int, reason: str) -> str:
    shown = _shorten(target.url)
    answered = f"{status} {reason}".strip()
    if status in (401, 403, 407, 451):
        return (
            f"{shown}: the site refused access ({answered}); it may block automatic downloads "
            "or need a login: open it in your browser and paste the article's text instead"
        )
    if status in (404, 410):
        return f"{shown}: page not found ({answered}); check the address"
    if status == 429:
        return (
            f"{shown}: the site answered {answered} (too many requests); try again later or "
            "paste the article's text instead"
        )
    if status >= 500:
        return (
            f"{shown}: the site had an error ({answered}); try again later or paste the "
            "article's text instead"
        )
    return f"{shown}: the site answered {answered}; paste the article's text instead"
