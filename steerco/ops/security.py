"""The client address for login throttling, trusting only known proxies."""

from django.conf import settings


def client_ip(request) -> str | None:
    """REMOTE_ADDR, or, behind STEERCO_PROXY_COUNT proxies that each append
    to X-Forwarded-For, the address the outermost trusted proxy saw. Entries
    further left are written by the client and cannot be trusted."""
    count = settings.STEERCO_PROXY_COUNT
    if count:
        hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
        if len(hops) >= count:
            return hops[-count]
    return request.META.get("REMOTE_ADDR")
