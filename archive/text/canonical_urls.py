"""One spelling per article URL, so the same article found twice is recognised.

Links arrive with tracking parameters, fragments, mixed-case hosts, AMP variants and
trailing slashes; none of these change which article the link points to.
"""

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

# Query parameters that only say where a reader came from.
TRACKING_PARAMETERS = frozenset(
    {
        "fbclid",
        "gclid",
        "dclid",
        "msclkid",
        "mc_cid",
        "mc_eid",
        "igshid",
        "yclid",
        "_ga",
        "_gl",
        "ref",
        "ref_src",
        "referrer",
        "cmpid",
        "ocid",
        "icid",
        "ito",
        "smid",
        "sr_share",
        "at_medium",
        "at_campaign",
        "guccounter",
        "amp",
        "outputtype",
    }
)
TRACKING_PREFIXES = ("utm_", "mkt_", "pk_", "hsa_", "__hs")
DEFAULT_PORTS = {"http": "80", "https": "443"}

_AMP_HOST = re.compile(r"^amp\.")
_AMP_EXTENSION = re.compile(r"\.amp(\.html?)?$", re.IGNORECASE)
_AMP_PATH_SUFFIX = re.compile(r"/amp/?$", re.IGNORECASE)
_AMP_PATH_PREFIX = re.compile(r"^/amp(?=/)", re.IGNORECASE)
_REPEATED_SLASHES = re.compile(r"/{2,}")


def is_tracking_parameter(name):
    lowered = name.lower()
    return lowered in TRACKING_PARAMETERS or lowered.startswith(TRACKING_PREFIXES)


def canonical_url(url):
    """The canonical spelling of an http(s) article URL; other strings come back stripped.

    >>> canonical_url("HTTPS://WWW.Example.org:443/amp/news/story/?utm_source=x&id=7#top")
    'https://www.example.org/news/story?id=7'
    """
    url = (url or "").strip()
    try:
        parts = urlsplit(url)
    except ValueError:  # an unclosed IPv6 bracket: not a URL, left for validation to refuse
        return url
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS or not parts.hostname:
        return url
    try:
        port = parts.port
    except ValueError:  # a port that is not a number: leave the string for validation to refuse
        return url
    host = _AMP_HOST.sub("", parts.hostname.lower().rstrip("."))
    port = port if port and str(port) != DEFAULT_PORTS[scheme] else None
    netloc = f"[{host}]" if ":" in host else host
    if port:
        netloc = f"{netloc}:{port}"
    path = _canonical_path(parts.path)
    query = urlencode(
        sorted(
            (name, value)
            for name, value in parse_qsl(parts.query, keep_blank_values=True)
            if not is_tracking_parameter(name)
        )
    )
    return urlunsplit((scheme, netloc, path, query, ""))


def _canonical_path(path):
    path = _REPEATED_SLASHES.sub("/", path or "/")
    path = _AMP_PATH_PREFIX.sub("", path)
    path = _AMP_PATH_SUFFIX.sub("", path)
    path = _AMP_EXTENSION.sub(r"\1", path)
    path = path.rstrip("/")
    return path or "/"


def url_domain(url):
    """The host of ``url`` without ``www.``, lower-case: how an outlet is matched to a Source."""
    try:
        host = (urlsplit((url or "").strip()).hostname or "").lower().rstrip(".")
    except ValueError:  # an unclosed IPv6 bracket: no host
        return ""
    return host.removeprefix("www.").removeprefix("amp.")
