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


USERNAME_LIMIT = 150  # the user model's limit; axes stores at most 255


def client_username(request, credentials: dict | None = None) -> str:
    """The username axes records for a failed login, cut to a length the
    user model allows: a 5,000-character "username" must be refused as a
    failed login, not crash the database insert."""
    name = (credentials or {}).get("username")
    if name is None:
        name = request.POST.get("username", "") if hasattr(request, "POST") else ""
    return str(name)[:USERNAME_LIMIT]
