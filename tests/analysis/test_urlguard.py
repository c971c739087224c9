"""The URL guard: public addresses only, every hop checked, time and size limits.

Pages are served by ``http.server`` on 127.0.0.1 in a thread; the guard is opened for exactly that
server (``allow=["127.0.0.1:PORT"]``) or for private addresses (``allow_private=True``). Host
names are resolved by a resolver the test passes in, so no test asks a real DNS server, and every
refused address is refused before any connection: nothing beyond loopback is ever contacted.
"""

from __future__ import annotations

import gzip
import http.server
import shutil
import socket
import ssl
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import parse_qs, quote, urlsplit

import pytest

from analysis.corpus import InputError
from analysis.ingest import fetch_article
from analysis.urlguard import (
    DEFAULT_GUARD,
    MAX_REDIRECTS,
    FetchError,
    UrlGuard,
    UrlRefused,
    _connection_message,
    _system_resolver,
    _Target,
)

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "ingest"
ARTICLE_HTML = (FIXTURES / "article.html").read_bytes()


class _Handler(http.server.BaseHTTPRequestHandler):
    """Routes for the tests; every request is recorded on the server."""

    protocol_version = "HTTP/1.0"

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib name
        pass

    def do_GET(self) -> None:  # noqa: N802 - stdlib name
        self.server.hits.append((self.path, self.headers.get("Host")))  # type: ignore[attr-defined]
        parts = urlsplit(self.path)
        query = parse_qs(parts.query)
        route = parts.path
        try:
            if route == "/article":
                self._send(200, ARTICLE_HTML)
            elif route == "/host":
                self._send(200, f"<p>{self.headers.get('Host')}</p>".encode())
            elif route == "/redirect":
                self._redirect(query["to"][0])
            elif route.startswith("/chain/"):
                left = int(route.rsplit("/", 1)[1])
                self._redirect(f"/chain/{left - 1}" if left > 0 else "/article")
            elif route == "/loop":
                self._redirect("/loop")
            elif route.startswith("/status/"):
                self._send(int(route.rsplit("/", 1)[1]), b"<p>error page</p>")
            elif route == "/pdf":
                self._send(200, b"%PDF-1.4 not really", "application/pdf")
            elif route == "/nothing":
                self._send(200, (FIXTURES / "empty-page.html").read_bytes())
            elif route == "/big-declared":
                self._send(200, b"<p>" + b"x" * 300_000 + b"</p>")
            elif route == "/big-streamed":
                self._stream(b"<p>" + b"word " * 20_000, chunks=30)
            elif route == "/gzip":
                self._send(200, gzip.compress(ARTICLE_HTML), encoding="gzip")
            elif route == "/gzip-bomb":
                self._send(200, gzip.compress(b"\0" * 50_000_000), encoding="gzip")
            elif route == "/trickle-body":
                self._trickle(headers_first=True)
            elif route == "/trickle-headers":
                self._trickle(headers_first=False)
            else:
                self._send(404, b"<p>not found</p>")
        except (BrokenPipeError, ConnectionResetError, OSError):
            pass

    def _send(
        self, status: int, body: bytes, ctype: str = "text/html; charset=utf-8", encoding: str = ""
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        if encoding:
            self.send_header("Content-Encoding", encoding)
        self.end_headers()
        self.wfile.write(body)

    def _redirect(self, location: str) -> None:
        self.send_response(302)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _stream(self, chunk: bytes, chunks: int) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.end_headers()  # no Content-Length: the body runs until the connection closes
        for _ in range(chunks):
            self.wfile.write(chunk)

    def _trickle(self, headers_first: bool) -> None:
        if headers_first:
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self.wfile.flush()
            for _ in range(60):  # at most 6 seconds
                self.wfile.write(b"x")
                self.wfile.flush()
                time.sleep(0.1)
        else:
            for byte in b"HTTP/1.0 200 OK\r\nX-Slow: " + b"y" * 60:
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
                time.sleep(0.1)


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address: tuple[str, int]) -> None:
        super().__init__(address, _Handler)
        self.hits: list[tuple[str, str | None]] = []


@contextmanager
def serve(context: ssl.SSLContext | None = None) -> Iterator[_Server]:
    server = _Server(("127.0.0.1", 0))
    if context is not None:
        server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.daemon = True
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def server() -> Iterator[_Server]:
    with serve() as running:
        yield running


@pytest.fixture
def other_server() -> Iterator[_Server]:
    with serve() as running:
        yield running


def port_of(server: _Server) -> int:
    return server.server_address[1]


def base(server: _Server) -> str:
    return f"http://127.0.0.1:{port_of(server)}"


def only(server: _Server, **kwargs: object) -> UrlGuard:
    """A guard open for exactly this server's address and port."""
    return UrlGuard(allow=[f"127.0.0.1:{port_of(server)}"], **kwargs)  # type: ignore[arg-type]


def resolver_for(table: dict[str, list[str]], calls: list[str] | None = None):
    def resolve(host: str, port: int) -> list[str]:
        if calls is not None:
            calls.append(host)
        if host not in table:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return table[host]

    return resolve


# --- the closed guard -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://10.1.2.3/", "private"),
        ("http://192.168.0.1/admin", "private"),
        ("http://172.16.5.4/", "private"),
        ("http://169.254.169.254/latest/meta-data/", "metadata"),
        ("http://169.254.1.1/", "link-local"),
        ("http://[::1]/", "loopback"),
        ("http://[fd00:ec2::254]/", "metadata"),
        ("http://[fe80::1]/", "link-local"),
        ("http://[::ffff:127.0.0.1]/", "loopback"),
        ("http://[::ffff:10.0.0.1]/", "private"),
        ("http://[64:ff9b::a00:1]/", "private"),  # NAT64 form of 10.0.0.1
        ("http://[2002:a00:1::]/", "private"),  # 6to4 form of 10.0.0.1
        ("http://0.0.0.0/", "unspecified"),
        ("http://224.0.0.1/", "multicast"),
        ("http://240.0.0.1/", "reserved"),
        ("http://100.64.0.1/", "not a public"),  # carrier-grade NAT
        ("http://100.100.100.200/", "metadata"),
        ("http://192.0.2.10/", "private|not a public"),  # documentation range
        ("https://127.0.0.1/", "loopback"),
    ],
)
def test_default_guard_refuses_non_public_addresses(url: str, reason: str) -> None:
    with pytest.raises(UrlRefused, match=reason):
        DEFAULT_GUARD.fetch(url)


def test_default_guard_refuses_a_running_local_server_before_connecting(server: _Server) -> None:
    with pytest.raises(UrlRefused, match="loopback"):
        DEFAULT_GUARD.fetch(f"{base(server)}/article")
    assert server.hits == []


@pytest.mark.parametrize(
    "url",
    [
        "http://127.1/",
        "http://2130706433/",  # 127.0.0.1 as one decimal number
        "http://0x7f000001/",
        "http://017700000001/",  # octal
    ],
)
def test_numeric_tricks_for_loopback_are_resolved_then_refused(url: str) -> None:
    with pytest.raises(UrlRefused, match="loopback"):
        DEFAULT_GUARD.fetch(url)


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("file:///etc/passwd", "only http:// and https://"),
        ("ftp://example.org/file.txt", "only http:// and https://"),
        ("javascript:alert(1)", "only http:// and https://"),
        ("data:text/html,<p>hi</p>", "only http:// and https://"),
        ("gopher://example.org/", "only http:// and https://"),
        ("//example.org/news", "without http"),
        ("http://user:secret@example.org/", "user name or password"),
        ("http://metadata.google.internal/computeMetadata/v1/", "metadata"),
        ("http:///no-host", "no host"),
        ("http://exa mple.org/", "spaces"),
        ("http://example.org:99999/", "valid web address"),
        ("http://" + "a" * 2_100 + ".org/", "limit of 2,000"),
    ],
)
def test_addresses_of_the_wrong_form_are_refused_without_a_lookup(url: str, message: str) -> None:
    calls: list[str] = []
    guard = UrlGuard(resolver=resolver_for({}, calls))
    with pytest.raises(UrlRefused, match=message):
        guard.fetch(url)
    assert calls == []


def test_a_host_name_resolving_to_a_private_address_is_refused() -> None:
    guard = UrlGuard(resolver=resolver_for({"intranet.example": ["10.0.0.5"]}))
    with pytest.raises(UrlRefused, match=r"resolves to 10\.0\.0\.5.*private"):
        guard.fetch("http://intranet.example/")


def test_one_refused_address_among_several_refuses_the_host() -> None:
    table = {"mixed.example": ["93.184.216.34", "127.0.0.1"]}
    with pytest.raises(UrlRefused, match="127.0.0.1"):
        UrlGuard(resolver=resolver_for(table)).fetch("http://mixed.example/")


def test_allow_private_still_refuses_metadata_unspecified_and_multicast() -> None:
    guard = UrlGuard(allow_private=True)
    for url in ("http://169.254.169.254/", "http://0.0.0.0/", "http://224.0.0.1/"):
        with pytest.raises(UrlRefused):
            guard.fetch(url)
    assert guard.refusal("10.0.0.1", 80) is None
    assert guard.refusal("127.0.0.1", 8000) is None


def test_an_allowed_endpoint_opens_exactly_that_address_and_port() -> None:
    guard = UrlGuard(allow=["127.0.0.1:8123", "[::1]:8124"])
    assert guard.refusal("127.0.0.1", 8123) is None
    assert guard.refusal("::1", 8124) is None
    assert guard.refusal("127.0.0.1", 8124) is not None
    assert guard.refusal("127.0.0.2", 8123) is not None
    assert guard.refusal("93.184.216.34", 443) is None  # public addresses stay open
    with pytest.raises(ValueError, match="ip:port"):
        UrlGuard(allow=["localhost:80"])


def test_system_resolver_returns_numeric_addresses_without_a_lookup() -> None:
    assert _system_resolver("127.0.0.1", 80) == ["127.0.0.1"]


# --- fetching from a local server with the guard opened -------------------------------------------


def test_fetches_a_page_from_the_one_allowed_server(server: _Server) -> None:
    page = only(server).fetch(f"{base(server)}/article")
    assert page.status == 200
    assert page.content_type == "text/html"
    assert page.charset == "utf-8"
    assert page.body == ARTICLE_HTML
    assert page.redirects == []


def test_connects_to_the_checked_address_and_sends_the_host_name(server: _Server) -> None:
    calls: list[str] = []
    answers = iter([["127.0.0.1"], ["10.0.0.1"]])  # a second answer would be a rebinding

    def rebinding(host: str, port: int) -> list[str]:
        calls.append(host)
        return next(answers)

    guard = only(server, resolver=rebinding)
    page = guard.fetch(f"http://news.test:{port_of(server)}/host")
    assert calls == ["news.test"]
    assert server.hits == [("/host", f"news.test:{port_of(server)}")]
    assert f"news.test:{port_of(server)}".encode() in page.body


def test_follows_redirects_and_reports_them(server: _Server) -> None:
    page = only(server).fetch(f"{base(server)}/chain/2")
    assert page.body == ARTICLE_HTML
    assert [urlsplit(u).path for u in page.redirects] == ["/chain/1", "/chain/0", "/article"]


def test_stops_after_the_redirect_limit(server: _Server) -> None:
    with pytest.raises(FetchError, match=f"more than {MAX_REDIRECTS} redirects"):
        only(server).fetch(f"{base(server)}/loop")
    assert len(server.hits) == MAX_REDIRECTS + 1


@pytest.mark.parametrize(
    "target",
    [
        "http://169.254.169.254/latest/meta-data/iam/",
        "http://10.0.0.1/",
        "http://[::1]:{other}/article",
        "http://127.0.0.1:{other}/article",
        "file:///etc/passwd",
        "ftp://127.0.0.1/",
    ],
)
def test_a_redirect_from_the_allowed_server_to_a_refused_address_is_refused(
    server: _Server, other_server: _Server, target: str
) -> None:
    location = target.format(other=port_of(other_server))
    with pytest.raises(UrlRefused):
        only(server).fetch(f"{base(server)}/redirect?to={quote(location, safe='')}")
    assert [path for path, _ in server.hits] == [f"/redirect?to={quote(location, safe='')}"]
    assert other_server.hits == []


def test_redirect_to_a_host_name_is_resolved_and_checked(server: _Server) -> None:
    resolver = resolver_for({"evil.example": ["192.168.1.1"]})
    with pytest.raises(UrlRefused, match="192.168.1.1"):
        only(server, resolver=resolver).fetch(f"{base(server)}/redirect?to=http://evil.example/")


def test_an_open_guard_fetches_any_loopback_port(server: _Server) -> None:
    page = UrlGuard(allow_private=True).fetch(f"{base(server)}/article")
    assert page.body == ARTICLE_HTML


# --- limits ---------------------------------------------------------------------------------------


def test_a_declared_size_over_the_limit_is_refused_before_reading(server: _Server) -> None:
    with pytest.raises(FetchError, match="limit of 100,000 bytes"):
        only(server).fetch(f"{base(server)}/big-declared", max_bytes=100_000)


def test_a_streamed_body_stops_at_the_limit(server: _Server) -> None:
    with pytest.raises(FetchError, match="limit of 50,000 bytes"):
        only(server).fetch(f"{base(server)}/big-streamed", max_bytes=50_000)
    page = only(server).fetch(f"{base(server)}/big-streamed", max_bytes=5_000_000)
    assert len(page.body) == len(b"<p>" + b"word " * 20_000) * 30


def test_gzip_is_decoded_and_a_gzip_bomb_stops_at_the_limit(server: _Server) -> None:
    assert only(server).fetch(f"{base(server)}/gzip").body == ARTICLE_HTML
    started = time.monotonic()
    with pytest.raises(FetchError, match="limit of 1,000,000 bytes"):
        only(server).fetch(f"{base(server)}/gzip-bomb", max_bytes=1_000_000)
    assert time.monotonic() - started < 5


@pytest.mark.parametrize("route", ["/trickle-body", "/trickle-headers"])
def test_a_server_that_trickles_is_cut_off_at_the_deadline(server: _Server, route: str) -> None:
    started = time.monotonic()
    with pytest.raises(FetchError, match="within 1 seconds"):
        only(server).fetch(f"{base(server)}{route}", timeout=1)
    assert time.monotonic() - started < 2.5


# --- failures as one-line messages ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "message"),
    [
        (404, "page not found"),
        (403, "refused access"),
        (500, "the site had an error"),
        (429, "too many requests"),
    ],
)
def test_error_statuses_give_a_message(server: _Server, status: int, message: str) -> None:
    with pytest.raises(FetchError, match=message) as caught:
        only(server).fetch(f"{base(server)}/status/{status}")
    assert str(status) in str(caught.value)
    assert "\n" not in str(caught.value)


def test_a_closed_port_gives_connection_refused() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(FetchError, match="refused the connection"):
        UrlGuard(allow=[f"127.0.0.1:{port}"]).fetch(f"http://127.0.0.1:{port}/")


def test_dns_failures_give_a_message() -> None:
    with pytest.raises(FetchError, match="not found"):
        UrlGuard(resolver=resolver_for({})).fetch("https://no-such-site.example/")

    def offline(host: str, port: int) -> list[str]:
        raise socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")

    with pytest.raises(FetchError, match="you may be offline"):
        UrlGuard(resolver=offline).fetch("https://news.example/")


def test_a_slow_dns_lookup_counts_against_the_deadline() -> None:
    def slow(host: str, port: int) -> list[str]:
        time.sleep(1.5)
        return ["93.184.216.34"]

    started = time.monotonic()
    with pytest.raises(FetchError, match="took too long"):
        UrlGuard(resolver=slow).fetch("https://slow.example/", timeout=0.3)
    assert time.monotonic() - started < 1.2


def test_no_network_route_reads_as_offline() -> None:
    target = _Target(url="https://x.example/", scheme="https", host="x.example", port=443, path="/")
    message = _connection_message(target, OSError(101, "Network is unreachable"))
    assert "offline" in message


def test_fetch_errors_are_input_errors() -> None:
    assert issubclass(FetchError, InputError)
    assert issubclass(UrlRefused, InputError)


# --- https: the certificate is checked against the host name, not the pinned address --------------


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    if shutil.which("openssl") is None:
        pytest.skip("openssl is needed to make a test certificate")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
            "-keyout", str(key), "-out", str(cert), "-subj", "/CN=news.test",
            "-addext", "subjectAltName=DNS:news.test",
        ],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return cert, key


def test_https_uses_the_host_name_for_sni_and_certificate_checks(
    certificate: tuple[Path, Path],
) -> None:
    cert, key = certificate
    server_context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_context.load_cert_chain(cert, key)
    client_context = ssl.create_default_context(cafile=str(cert))
    with serve(server_context) as tls_server:
        port = port_of(tls_server)
        table = {"news.test": ["127.0.0.1"], "other.test": ["127.0.0.1"]}
        guard = UrlGuard(
            allow=[f"127.0.0.1:{port}"], resolver=resolver_for(table), ssl_context=client_context
        )
        page = guard.fetch(f"https://news.test:{port}/host")
        assert f"news.test:{port}".encode() in page.body
        with pytest.raises(FetchError, match="certificate"):
            guard.fetch(f"https://other.test:{port}/host")


# --- fetch_article: the page becomes an article ---------------------------------------------------


def test_fetch_article_extracts_the_article_and_its_metadata(server: _Server) -> None:
    result = fetch_article(f"{base(server)}/article", guard=only(server))
    meta = result.article.meta
    assert meta.headline == "Council approves new sea wall after stormy debate"
    assert meta.outlet == "Harbour Town Gazette"
    assert meta.date == "2024-03-05"
    assert meta.byline == "Ada Quill"
    assert meta.url == f"{base(server)}/article"
    assert result.article.body.startswith("HARBOUR TOWN — The town council")
    assert "Most read" not in result.article.body
    assert "Privacy policy" not in result.article.body


def test_fetch_article_reports_a_redirect(server: _Server) -> None:
    result = fetch_article(f"{base(server)}/chain/1", guard=only(server))
    assert result.article.meta.url.endswith("/article")
    assert any("redirected" in notice for notice in result.notices)


@pytest.mark.parametrize(
    ("route", "message"),
    [
        ("/pdf", "not a web page but 'application/pdf'"),
        ("/nothing", "no article text could be found"),
        ("/status/404", "page not found"),
    ],
)
def test_fetch_article_failures_are_one_line_input_errors(
    server: _Server, route: str, message: str
) -> None:
    with pytest.raises(InputError, match=message) as caught:
        fetch_article(f"{base(server)}{route}", guard=only(server))
    assert "\n" not in str(caught.value)


def test_fetch_article_uses_the_closed_guard_by_default(server: _Server) -> None:
    with pytest.raises(UrlRefused):
        fetch_article(f"{base(server)}/article")
    assert server.hits == []


def test_fetch_article_adds_https_to_a_bare_address_and_refuses_scripts() -> None:
    calls: list[str] = []
    guard = UrlGuard(resolver=resolver_for({}, calls))
    with pytest.raises(FetchError, match="not found"):
        fetch_article("no-such-site.example/news/1", guard=guard)
    assert calls == ["no-such-site.example"]
    with pytest.raises(UrlRefused, match="only http"):
        fetch_article("javascript:alert(1)", guard=guard)
    with pytest.raises(InputError, match="No address"):
        fetch_article("   ", guard=guard)


def test_non_ascii_addresses_are_sent_percent_encoded(server: _Server) -> None:
    with pytest.raises(FetchError, match="page not found"):
        only(server).fetch(f"{base(server)}/wiki/Müller?q=été#section")
    assert [path for path, _ in server.hits] == ["/wiki/M%C3%BCller?q=%C3%A9t%C3%A9"]
