"""Difficulties and proposals of 2023-H1 in the Hanoi demo, and the
steering committee's meeting of 10/7/2023 with four districts.

Raised through the same services as in the app, by the districts' (and a
ward's) reporters, answered for the bodies by the city secretariat:

- Ứng Hòa asks the city for guidance on consolidating weak grassroots
  organisations; the Organisation Commission answers on time, Ứng Hòa says
  it is still unresolved (no criteria), the second answer is accepted;
- Thanh Xuân asks the same, answered late (still within the 2023-H1
  round, which closes on 14 June under the pack's reporting window);
- a ward's Party committee of Ba Đình (the demo's first grassroots
  organisation of the district, which existed in 2023) asks its district
  for staff for the ward's one-stop shop; past its deadline at the
  meeting, answered after it;
- Hai Bà Trưng proposes a shared tracker for remediation, answered on time
  and accepted;
- Ba Đình proposes funds to digitise administrative-procedure records,
  assigned to the Department of Finance, not yet due.

For 2023-H1 the city counts 5 raised: 2 answered on time, 1 late, 2 not
yet answered (1 past its deadline). The meeting of 10/7/2023 (after one
of 12/01/2023) records three conclusions; its notice is left to be sent
from the meeting page. The names of people are not used; the texts are
written for the demo (docs/demo-data.md).
"""

from __future__ import annotations

from datetime import date

from steerco.accounts.models import Role
from steerco.demo.loader import PROGRAMME_CODE
from steerco.findings.demo_data import _member
from steerco.programmes.models import Programme
from steerco.units.models import Unit

from .models import Kind
from .services import items, meetings

# The demo's unit file names the grassroots organisations under a district
# "Tổ chức cơ sở đảng số N" (no ward names); the first of Ba Đình stands for
# a ward's Party committee, as most grassroots organisations of an urban
# district are.
WARD = "QU-BADINH-CS01"


def load(progress) -> None:
    progress("Difficulties and proposals of 2023-H1, the meeting of 10/7/2023 …")
    programme = Programme.objects.get(code=PROGRAMME_CODE)
    u = {x.code: x for x in Unit.objects.filter(code__in=[
        "TU-HN", "BTC-TU", "VPTU", "SO-TAICHINH", "SO-NOIVU", "QU-BADINH", "QU-HAIBATRUNG", "QU-THANHXUAN",
        "HU-UNGHOA", WARD,
    ])}  # fmt: skip
    ward = u[WARD]
    city = u["TU-HN"]
    demo = _member("demo", Role.SECRETARIAT, city)
    badinh = _member("badinh.reporter", Role.REPORTER, u["QU-BADINH"])
    reporters = {code: _member(f"{code.split('-')[1].lower()}.reporter", Role.REPORTER, u[code])
                 for code in ("HU-UNGHOA", "QU-THANHXUAN", "QU-HAIBATRUNG")}  # fmt: skip
    group = {g.code: g for g in programme.task_groups.all()}

    def raise_(user, unit, on, kind, subject, text, to=city, group_code=None):
        return items.raise_item(
            on=on, kind=kind, raised_by=unit, addressed_to=to, programme=programme, period="2023-H1",
            subject=subject, text=text, task_group=group.get(group_code), acting_user=user,
        )  # fmt: skip

    weak = "Hướng dẫn củng cố tổ chức cơ sở đảng yếu kém"
    a = raise_(
        reporters["HU-UNGHOA"], u["HU-UNGHOA"], date(2023, 3, 15), Kind.PROPOSAL, weak,
        "Đề nghị Thành ủy sớm ban hành hướng dẫn tiêu chí, quy trình củng cố tổ chức cơ sở đảng yếu kém, "
        "nhất là các chi bộ thôn có nhiều năm liền không hoàn thành nhiệm vụ.",
        group_code="2",
    )  # fmt: skip
    a = items.assign(a, body_unit=u["BTC-TU"], deadline=date(2023, 4, 30), on=date(2023, 3, 20), acting_user=demo)
    a = items.answer(
        a,
        text="Ban Tổ chức Thành ủy đã có văn bản hướng dẫn quy trình củng cố.",
        on=date(2023, 4, 25),
        acting_user=demo,
    )
    a = items.dispute(
        a, on=date(2023, 5, 5),
        reason="Văn bản chưa nêu tiêu chí để xác định tổ chức đã được củng cố, cơ sở chưa áp dụng được.",
        acting_user=reporters["HU-UNGHOA"],
    )  # fmt: skip
    a = items.answer(
        a,
        text="Đã bổ sung bộ tiêu chí đánh giá sau củng cố (phụ lục kèm theo).",
        on=date(2023, 5, 30),
        acting_user=demo,
    )
    items.accept(a, on=date(2023, 6, 5), acting_user=reporters["HU-UNGHOA"])

    c = raise_(
        reporters["QU-THANHXUAN"], u["QU-THANHXUAN"], date(2023, 5, 10), Kind.PROPOSAL, weak,
        "Đề nghị hướng dẫn việc củng cố đối với chi bộ khu dân cư có đảng viên cao tuổi chiếm đa số.",
        group_code="2",
    )  # fmt: skip
    c = items.assign(c, body_unit=u["BTC-TU"], deadline=date(2023, 6, 2), on=date(2023, 5, 12), acting_user=demo)
    items.answer(c, text="Áp dụng bộ tiêu chí chung; Ban Tổ chức Thành ủy sẽ hướng dẫn riêng trong quý III.",
                 on=date(2023, 6, 9), acting_user=demo)  # fmt: skip

    b = raise_(
        badinh, ward, date(2023, 4, 10), Kind.DIFFICULTY, "Thiếu công chức tại bộ phận một cửa",
        "Bộ phận tiếp nhận và trả kết quả của phường thiếu 2 công chức, người dân phải chờ lâu vào cao điểm; "
        "đề nghị Quận ủy chỉ đạo bổ sung biên chế.",
        to=u["QU-BADINH"], group_code="5",
    )  # fmt: skip
    b = items.assign(
        b, body_name="Phòng Nội vụ quận Ba Đình", deadline=date(2023, 5, 31), on=date(2023, 4, 12), acting_user=demo
    )

    e = raise_(
        reporters["QU-HAIBATRUNG"], u["QU-HAIBATRUNG"], date(2023, 2, 20), Kind.PROPOSAL,
        "Công cụ theo dõi khắc phục hạn chế",
        "Đề nghị Văn phòng Thành ủy dùng chung một công cụ theo dõi việc khắc phục hạn chế sau kiểm điểm.",
        group_code="6",
    )  # fmt: skip
    e = items.assign(e, body_unit=u["VPTU"], deadline=date(2023, 3, 31), on=date(2023, 2, 22), acting_user=demo)
    e = items.answer(
        e, text="Thống nhất triển khai trên hệ thống theo dõi của Ban Chỉ đạo.", on=date(2023, 3, 28), acting_user=demo
    )
    items.accept(e, on=date(2023, 4, 3), acting_user=reporters["QU-HAIBATRUNG"])

    d = raise_(
        badinh, u["QU-BADINH"], date(2023, 6, 2), Kind.PROPOSAL, "Kinh phí số hóa hồ sơ thủ tục hành chính",
        "Đề nghị Thành phố bố trí kinh phí số hóa hồ sơ, kết quả giải quyết thủ tục hành chính còn tồn của các phường.",
        group_code="5",
    )  # fmt: skip
    items.assign(d, body_unit=u["SO-TAICHINH"], deadline=date(2023, 7, 31), on=date(2023, 6, 5), acting_user=demo)

    districts = [u["QU-BADINH"], u["QU-HAIBATRUNG"], u["QU-THANHXUAN"], u["HU-UNGHOA"]]
    meetings.create_meeting(
        programme=programme, convened_by=city, held_on=date(2023, 1, 12), attending=districts,
        title="Giao ban quý IV/2022", acting_user=demo,
    )  # fmt: skip
    meeting = meetings.create_meeting(
        programme=programme, convened_by=city, held_on=date(2023, 7, 10), attending=districts,
        title="Làm việc với 4 quận, huyện về kết quả 6 tháng đầu năm 2023",
        decisions="Triển khai kế hoạch khắc phục hạn chế 6 tháng cuối năm 2023", acting_user=demo,
    )  # fmt: skip
    for text, owner, deadline in [
        ("Ban Tổ chức Thành ủy ban hành hướng dẫn riêng về củng cố chi bộ khu dân cư có nhiều đảng viên cao tuổi",
         u["BTC-TU"], date(2023, 8, 31)),
        ("Quận ủy Ba Đình chỉ đạo bố trí đủ công chức cho bộ phận một cửa của phường", u["QU-BADINH"],
         date(2023, 8, 15)),
        ("Văn phòng Thành ủy theo dõi việc trả lời kiến nghị của cơ sở, báo cáo Ban Chỉ đạo hằng quý", u["VPTU"],
         date(2023, 9, 30)),
    ]:  # fmt: skip
        meetings.add_conclusion(meeting, text=text, deadline=deadline, body_unit=owner, acting_user=demo)
    # after the meeting: the ward's difficulty is answered, late
    done = "Quận đã điều động bổ sung 2 công chức cho bộ phận một cửa của phường từ ngày 17/7/2023."
    items.answer(b, text=done, on=date(2023, 7, 14), acting_user=demo)
