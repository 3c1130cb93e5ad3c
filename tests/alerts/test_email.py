"""E-mail: one digest per address per cycle, text and HTML, escaped, retried when SMTP is down."""

from __future__ import annotations

import re
import ssl
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.smtp import AuthResult, LoginPassword

from fiscalwatch.alerts.delivery import deliver
from fiscalwatch.demo.sinks import MailSink, WebhookReceiver, free_port
from fiscalwatch.store import Store
from tests.alerts.conftest import FrozenClock, add_finding, deliveries, make_config
from tests.certificates import loopback_certificate

pytestmark = pytest.mark.usefixtures("secrets")


def parts(message: EmailMessage) -> tuple[str, str]:
    text = message.get_body(preferencelist=("plain",))
    html = message.get_body(preferencelist=("html",))
    assert text is not None and html is not None
    assert text.get_content_charset() == "utf-8" and html.get_content_charset() == "utf-8"
    return text.get_content(), html.get_content()


def finding_ids_in(html: str) -> set[int]:
    return {int(i) for i in re.findall(r'data-finding-id="(\d+)"', html)}


def test_one_digest_per_address_with_exactly_the_wanted_findings(
    store: Store, smtp_sink: MailSink, tmp_path: Path, frozen: FrozenClock
) -> None:
    a = add_finding(store, department="青川市财政局", fiscal_year=2024)
    b = add_finding(
        store,
        check="yoy_anomaly",
        department="青川市教育局",
        fiscal_year=2023,
        message="青川市教育局 2023 年度支出总计比上年增长 85.2%（超过 30%）。",
    )
    c = add_finding(
        store,
        check="missing_document",
        severity="critical",
        region="乌鲁木齐市",
        department="乌鲁木齐市编办",
        message="乌鲁木齐市编办 2024 年度部门决算逾期未公开。",
        url=None,
    )
    add_finding(store, severity="info", message="只是提示")  # below min_severity
    add_finding(store, resolved_at="2025-10-02T00:00:00+00:00", message="已解决")
    config = make_config(
        tmp_path,
        smtp_port=smtp_sink.port,
        subscriptions=[
            {"name": "all", "email": ["all@example.org", "second@example.org"]},
            {"name": "qc", "email": "qc@example.org", "regions": ["青川市"]},
        ],
    )

    summary = deliver(store, config)

    assert summary.counts() == {"queued": 8, "sent": 8, "failed": 0, "pending": 0, "skipped": 0}
    assert len(smtp_sink.messages) == 3
    (digest,) = smtp_sink.to("all@example.org")
    assert digest.get_content_type() == "multipart/alternative"
    assert digest["Subject"] == "fiscalwatch：乌鲁木齐市、青川市 3 条新发现"
    assert digest["From"] == "fiscalwatch@example.org"
    text, html = parts(digest)
    assert finding_ids_in(html) == {a, b, c}
    for body in (text, html):
        assert "已解决" not in body and "只是提示" not in body
        for needle in ("青川市财政局", "青川市教育局", "2023 年度", "yoy_anomaly", "同比大幅变动"):
            assert needle in body
    # grouped by region, then department, each by name
    assert text.index("乌鲁木齐市编办") < text.index("青川市教育局") < text.index("青川市财政局")
    assert "http://127.0.0.1:8001/zwgk/czyjs/bmjs/2024/caizheng.pdf" in text
    assert 'href="http://127.0.0.1:8001/zwgk/czyjs/bmjs/2024/caizheng.pdf"' in html

    (regional,) = smtp_sink.to("qc@example.org")
    assert regional["Subject"] == "fiscalwatch：青川市 2 条新发现"
    assert finding_ids_in(parts(regional)[1]) == {a, b}
    assert {r["status"] for r in deliveries(store)} == {"sent"}

    frozen.advance(86400)
    assert deliver(store, config).sent == 0
    assert len(smtp_sink.messages) == 3


def test_document_text_is_escaped_in_html(
    store: Store, smtp_sink: MailSink, tmp_path: Path, frozen: FrozenClock
) -> None:
    add_finding(
        store,
        department="<b>某局</b>",
        message="标题含 <script>alert('x')</script> & “引号”",
        url="javascript:alert(1)",
    )
    config = make_config(
        tmp_path, smtp_port=smtp_sink.port, subscriptions=[{"name": "s", "email": "a@example.org"}]
    )
    deliver(store, config)
    text, html = parts(smtp_sink.to("a@example.org")[0])
    assert "<script>" not in html and "<b>某局" not in html
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; “引号”" in html
    assert "&lt;b&gt;某局&lt;/b&gt;" in html
    assert 'href="javascript' not in html
    assert "<script>alert('x')</script>" in text  # the plain part shows it as it is


def test_smtp_down_leaves_pending_and_webhooks_still_go(
    store: Store, receiver: WebhookReceiver, tmp_path: Path, frozen: FrozenClock
) -> None:
    add_finding(store)
    add_finding(store, department="青川市教育局")
    config = make_config(
        tmp_path,
        smtp_port=free_port(),  # nothing listens there
        webhook_url=receiver.url,
        subscriptions=[
            {"name": "mail", "email": ["a@example.org", "b@example.org"]},
            {"name": "hook", "webhook": "ngo-hook"},
        ],
    )

    summary = deliver(store, config)

    assert summary.counts() == {"queued": 6, "sent": 2, "failed": 0, "pending": 4, "skipped": 0}
    assert len(receiver.accepted) == 2
    mail = [r for r in deliveries(store) if r["channel"] == "email"]
    # Only the first digest was tried; the second waited for the server without costing
    # one of its attempts.
    tried = {r["target"]: (r["status"], r["attempts"]) for r in mail}
    assert tried == {"a@example.org": ("pending", 1), "b@example.org": ("pending", 0)}
    assert all("unreachable" in r["last_error"] for r in mail)
    assert all(r["last_error"].startswith("not tried: ") for r in mail if r["attempts"] == 0)
    assert [b.outcome for b in summary.batches if b.channel == "email"] == ["retry", "retry"]


def test_smtp_back_up_sends_the_waiting_digest_once(
    store: Store, smtp_sink: MailSink, tmp_path: Path, frozen: FrozenClock
) -> None:
    add_finding(store)
    subscriptions = [{"name": "mail", "email": "a@example.org"}]
    down = make_config(tmp_path, smtp_port=free_port(), subscriptions=subscriptions)
    assert deliver(store, down).pending == 1
    add_finding(store, department="青川市教育局")  # found later, joins the next digest

    frozen.advance(60)
    up = make_config(tmp_path, smtp_port=smtp_sink.port, subscriptions=subscriptions)
    summary = deliver(store, up)

    assert (summary.sent, summary.pending) == (2, 0)
    (digest,) = smtp_sink.messages
    assert digest.message["Subject"] == "fiscalwatch：青川市 2 条新发现"


@pytest.fixture
def loopback_cert(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> ssl.SSLContext:
    """A self-signed certificate for 127.0.0.1, trusted through SSL_CERT_FILE, so the
    channel's default TLS context verifies it like a real server's."""
    cert_file, server_context = loopback_certificate(tmp_path)
    monkeypatch.setenv("SSL_CERT_FILE", str(cert_file))
    return server_context


# aiosmtpd cannot tell that an implicit-TLS connection is encrypted, and warns.
@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
@pytest.mark.parametrize("mode", ["starttls", "ssl"])
def test_tls_and_login_from_environment(
    mode: str,
    loopback_cert: ssl.SSLContext,
    store: Store,
    tmp_path: Path,
    frozen: FrozenClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    logins: list[tuple[str, str]] = []

    def authenticator(
        server: object, session: object, envelope: object, mechanism: str, data: object
    ) -> AuthResult:
        assert isinstance(data, LoginPassword)
        logins.append((data.login.decode(), data.password.decode()))
        return AuthResult(success=data.password == b"pa55", handled=False)

    # AUTH only over TLS: after STARTTLS, or on a connection that is TLS from the start.
    tls: dict[str, Any] = (
        {"tls_context": loopback_cert, "require_starttls": True}
        if mode == "starttls"
        else {"ssl_context": loopback_cert, "auth_require_tls": False}
    )
    with MailSink(authenticator=authenticator, auth_required=True, **tls) as sink:
        monkeypatch.setenv("FW_TEST_SMTP_USER", "watcher")
        monkeypatch.setenv("FW_TEST_SMTP_PASSWORD", "wrong")
        config = make_config(
            tmp_path,
            smtp_port=sink.port,
            subscriptions=[{"name": "s", "email": "a@example.org"}],
            email={
                "starttls": mode == "starttls",
                "ssl": mode == "ssl",
                "username_env": "FW_TEST_SMTP_USER",
                "password_env": "FW_TEST_SMTP_PASSWORD",
            },
        )
        add_finding(store)
        refused = deliver(store, config)
        assert refused.pending == 1 and "login refused" in str(refused.batches[0].error)

        monkeypatch.setenv("FW_TEST_SMTP_PASSWORD", "pa55")
        frozen.advance(60)
        assert deliver(store, config).sent == 1
    assert logins[-1] == ("watcher", "pa55")
    assert {password for _, password in logins} == {"wrong", "pa55"}
    assert len(sink.messages) == 1
