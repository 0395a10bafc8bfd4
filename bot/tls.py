"""The one verifying TLS context every HTTP client of the process shares.

Loading the CA bundle costs tens of milliseconds of CPU on the event loop, so it is done once:
for the page fetcher, the model client and the Bot API stand-in's PTB builder alike.
"""

from __future__ import annotations

import functools
import ssl

import httpx

__all__ = ["default_ssl_context"]


@functools.cache
def default_ssl_context() -> ssl.SSLContext:
    """httpx's verifying context (certifi's bundle, or SSL_CERT_FILE / SSL_CERT_DIR), built once."""
    return httpx.create_ssl_context()
