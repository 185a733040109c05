"""The demo's report profile for Programme 01-CTr/TU: the steering
committee as issuer under the city Party Committee, its signer, its
recipients, and which indicators the report reads as limitations and as
the plan. The deep self-reviews suggested (KTS_TP, KTS_QH) are what the
committees did in the period: results, in section I."""

from django.contrib.auth import get_user_model

from steerco.demo.loader import DEMO_PASSWORD, PROGRAMME_CODE
from steerco.programmes.models import Programme

from .models import Recipient, ReportProfile, Reviewer

OUTLINE = {
    "limitations": [
        "KT_TC_TLVP",
        "KT_DV_TLVP",
        "PAR_KP_TL",
        "PAR_XX",
    ],
    "plan": [
        "KH_HC",
        "KH_NN",
        {
            "code": "TCCS_YEU",
            "of_which": "TCCS_YEU_CU",
            "of_which_label_vi": "chuyển từ năm trước",
            "of_which_label_en": "carried over from the previous year",
            "rest_label_vi": "phát sinh mới",
            "rest_label_en": "newly arising",
        },
    ],
    # What the demo invents, said in the report itself (docs/demo-data.md).
    "notes_vi": [
        "Dữ liệu mẫu: nguồn công bố không nêu số tổ chức đảng và đảng viên đã có kết luận;"
        " 43 tổ chức và 120 đảng viên là số giả định để tỷ lệ khớp với 13,9 % và 46 % đã công bố"
        " (6/43 = 13,95 %; 55/120 = 45,8 %)",
        "Dữ liệu mẫu: mẫu số 67 đơn vị (29/67) và 120 tổ chức cơ sở đảng (60/120) của các tỷ lệ gợi ý"
        " kiểm điểm sâu là số đơn vị của dữ liệu mẫu, không có trong nguồn công bố",
        "Dữ liệu mẫu: số liệu 6 tháng đầu năm 2022, trừ 95 đảng viên được kiểm tra, là số giả định để có số"
        " so sánh cùng kỳ; điểm Chỉ số cải cách hành chính năm 2022 của hai huyện, lời văn các hạn chế,"
        " nguyên nhân và tên người ký là dữ liệu mẫu",
    ],
    "notes_en": [
        "Demo data: the published source does not give the organisations and members concluded; 43"
        " organisations and 120 members are assumed so that the shares match the published 13.9% and 46%"
        " (6/43 = 13.95%; 55/120 = 45.8%)",
        "Demo data: the denominators of 67 units (29/67) and 120 grassroots organisations (60/120) in the"
        " deep self-review shares are the demo's own unit counts, not in the published source",
        "Demo data: the figures of the first half of 2022, except the 95 members inspected, are invented to"
        " give a comparison; the 2022 PAR-index scores of the two districts, the wording of the"
        " limitations and causes and the signer's name are demo data",
    ],
}

# Demo data (docs/demo-data.md): the head of the steering committee signs;
# the name is made up, not the real office-holder's.
SIGNER = "Nguyễn Văn An"

RECIPIENTS_VI = """- Thường trực Thành ủy,
- Các đồng chí Ủy viên Ban Thường vụ Thành ủy,
- Các thành viên Ban Chỉ đạo,
- Các huyện ủy, quận ủy, thị ủy, đảng ủy trực thuộc Thành ủy,
- Lưu Văn phòng Thành ủy."""

RECIPIENTS_EN = """- Standing Board of the City Party Committee,
- Members of the Standing Committee,
- Members of the Steering Committee,
- District, town and bloc Party committees,
- Filed at the Office of the City Party Committee."""


def load(progress) -> None:
    programme = Programme.objects.get(code=PROGRAMME_CODE)
    progress("Report profile for the steering committee of 01-CTr/TU …")
    ReportProfile.objects.update_or_create(
        programme=programme,
        defaults={
            "superior_vi": "THÀNH ỦY HÀ NỘI",
            "superior_en": "HANOI PARTY COMMITTEE",
            "issuer_vi": "BAN CHỈ ĐẠO CHƯƠNG TRÌNH 01-CTr/TU",
            "issuer_en": "STEERING COMMITTEE OF PROGRAMME 01-CTr/TU",
            "issuer_code": "BCĐ",
            "place_vi": "Hà Nội",
            "place_en": "Hanoi",
            "authority_vi": "T/M BAN CHỈ ĐẠO",
            "authority_en": "ON BEHALF OF THE STEERING COMMITTEE",
            "position_vi": "TRƯỞNG BAN",
            "position_en": "HEAD",
            "signer": SIGNER,
            "recipients_vi": RECIPIENTS_VI,
            "recipients_en": RECIPIENTS_EN,
            "outline": OUTLINE,
        },
    )
    progress("Recipients of the issued report (Nơi nhận with an account or an address) …")
    users = {u.username: u for u in get_user_model().objects.filter(username__in=["demo", "badinh.approver"])}
    for order, (label, user, email) in enumerate(DEMO_RECIPIENTS, 1):
        Recipient.objects.get_or_create(
            programme=programme, label=label, defaults={"user": users.get(user), "email": email, "order": order}
        )

    progress("Reviewers of the draft report …")
    member, created = get_user_model().objects.get_or_create(
        username=REVIEWER, defaults={"email": f"{REVIEWER}@demo.steerco.invalid"}
    )
    if created:
        member.set_password(DEMO_PASSWORD)
        member.save()
    Reviewer.objects.get_or_create(
        programme=programme, user=member, defaults={"role": "Ủy viên thường trực Ban Chỉ đạo"}
    )


# A standing member of the steering committee: no role in the unit tree,
# a reviewer of the programme's draft report (log in with the demo password).
REVIEWER = "bcd.member"

# Who the demo's issued report reaches: a line of "Nơi nhận" by address, a
# district committee through its approver's account, and the file copy kept
# by the secretariat itself.
DEMO_RECIPIENTS = [
    ("Thường trực Thành ủy", None, "thuongtruc@demo.steerco.invalid"),
    ("Quận ủy Ba Đình", "badinh.approver", ""),
    ("Lưu Văn phòng Thành ủy", "demo", ""),
]
