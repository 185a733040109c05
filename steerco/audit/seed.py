"""The starting list of reasons for changes (kept in the admin afterwards):
code, Vietnamese, English, kinds it applies to (empty: every kind)."""

REASONS = [
    (
        "superior-direction",
        "Điều chỉnh theo kết luận, chỉ đạo của cấp trên",
        "Adjusted by a conclusion or direction of the superior body",
        "target,deadline,reopen",
    ),
    ("data-error", "Sửa sai sót số liệu", "Correcting an error in the figures", "target,reopen"),
    (
        "late-data",
        "Bổ sung số liệu, tài liệu phát sinh sau",
        "Adding figures or documents that came later",
        "reopen",
    ),
    (
        "objective-obstacle",
        "Vướng mắc khách quan (kinh phí, thủ tục, thiên tai…)",
        "Objective obstacle (funding, procedure, natural disaster…)",
        "deadline",
    ),
    (
        "reorganisation",
        "Sắp xếp, sáp nhập tổ chức, đơn vị",
        "Reorganisation or merger of units",
        "target,deadline,not_relevant",
    ),
    (
        "superseded",
        "Không còn phù hợp do chủ trương, văn bản mới thay thế",
        "Superseded by a new policy or document",
        "target,not_relevant",
    ),
    ("duplicate", "Trùng với hạn chế đã ghi nhận", "Duplicate of a finding already recorded", "not_relevant"),
    (
        "figure-checked",
        "Đã kiểm tra lại, số liệu đúng thực tế",
        "Checked again: the figure is correct",
        "unusual",
    ),
    (
        "one-off-change",
        "Biến động đột xuất trong kỳ (sắp xếp tổ chức, đợt kết nạp tập trung…)",
        "A one-off change in the period (reorganisation, a mass admission…)",
        "unusual",
    ),
    ("other", "Lý do khác (ghi rõ)", "Other (explain)", ""),
]


def seed(ChangeReason) -> int:
    created = 0
    for order, (code, vi, en, kinds) in enumerate(REASONS, start=1):
        _obj, new = ChangeReason.objects.get_or_create(
            code=code, defaults={"label_vi": vi, "label_en": en, "kinds": kinds, "sort_order": order}
        )
        created += new
    return created
