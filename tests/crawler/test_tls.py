"""TLS certificates are verified unless a source says ``verify_tls = false``."""

from __future__ import annotations

import datetime
import ipaddress
import ssl
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from crawler.runner import crawl_sources
from fiscalwatch.config import config_from_dict
from fiscalwatch.demo.sites import serve_sites

from .conftest import FAST_CRAWL, small_site


def _self_signed(folder: Path) -> ssl.SSLContext:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = folder / "cert.pem", folder / "key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert_file, key_file)
    return context


def test_broken_certificate_fails_unless_the_source_opts_out(tmp_path: Path) -> None:
    with serve_sites(specs=[small_site("secure", count=1)], tls=_self_signed(tmp_path)) as sites:
        url = sites.start_url("secure")
        assert url.startswith("https://")
        config = config_from_dict(
            {
                "storage": {"database": str(tmp_path / "fw.db"), "files": str(tmp_path / "f")},
                "crawl": {**FAST_CRAWL, "retry_times": 0},
                "sources": [
                    {"name": "strict", "region": "青川市", "start_urls": [url]},
                    {
                        "name": "lenient",
                        "region": "青川市",
                        "start_urls": [url],
                        "verify_tls": False,
                    },
                ],
            }
        )
        summary = crawl_sources(config, config, run_id=None)
    strict, lenient = summary.source("strict"), summary.source("lenient")
    assert (lenient.status, lenient.new) == ("ok", 1)
    assert strict.status != "ok" and strict.new == 0
    assert (
        "certificate" in (strict.last_error or "").lower()
        or "ssl" in (strict.last_error or "").lower()
    )
