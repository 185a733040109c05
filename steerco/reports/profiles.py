"""A programme's report profile as a pack writes it (``report:``): issuer
block, superior body, place, signer, recipients and numbering. Checked with
the model's own validation, so the pack and the admin accept the same
profiles; written and exported by the pack loader."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from .models import ReportProfile

TEXT_FIELDS = [
    "style",
    "superior_vi",
    "superior_en",
    "issuer_vi",
    "issuer_en",
    "issuer_code",
    "place_vi",
    "place_en",
    "authority_vi",
    "authority_en",
    "position_vi",
    "position_en",
    "signer",
]
LIST_FIELDS = ["recipients_vi", "recipients_en"]


def _profile(programme, report: dict) -> ReportProfile:
    profile = ReportProfile.objects.filter(programme=programme).first() if programme.pk else None
    profile = profile or ReportProfile(programme=programme)
    for name in TEXT_FIELDS:
        if name in report:
            setattr(profile, name, " ".join(str(report[name]).split()))
    for name in LIST_FIELDS:
        if name in report:
            setattr(profile, name, "\n".join(" ".join(str(line).split()) for line in report[name]))
    if "outline" in report:
        profile.outline = report["outline"]
    return profile


def profile_problems(report: dict, indicator_codes: set[str]) -> list[str]:
    """Every problem of a pack's ``report`` section, with its place."""
    from steerco.programmes.models import Programme

    problems = []
    try:
        _profile(Programme(), report).full_clean(exclude=["programme"])
    except ValidationError as err:
        for field, messages in err.message_dict.items():
            problems += [f"report.{field}: {message}" for message in messages]
    for key, items in (report.get("outline") or {}).items():
        for n, item in enumerate(items if isinstance(items, list) else []):
            code = item.get("code") if isinstance(item, dict) else item
            if code not in indicator_codes:
                problems.append(f"report.outline.{key}[{n}]: unknown indicator '{code}'")
    return problems


def write_profile(programme, report: dict) -> ReportProfile:
    profile = _profile(programme, report)
    profile.save()
    return profile


def dump_profile(programme) -> dict | None:
    """The ``report`` section that rebuilds the programme's profile."""
    profile = ReportProfile.objects.filter(programme=programme).first()
    if profile is None:
        return None
    out = {name: getattr(profile, name) for name in TEXT_FIELDS}
    for name in LIST_FIELDS:
        out[name] = [line for line in getattr(profile, name).splitlines() if line.strip()]
    out["outline"] = profile.outline
    return {k: v for k, v in out.items() if v not in ("", [], {}, None)}
