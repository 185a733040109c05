from .items import attachment_download, item_attach, item_convert, item_create, item_detail, item_list, item_move
from .meetings import (
    conclusion_add,
    conclusion_move,
    meeting_brief,
    meeting_detail,
    meeting_list,
    meeting_notice,
    send_notice,
)

__all__ = [
    "attachment_download",
    "conclusion_add",
    "conclusion_move",
    "item_attach",
    "item_convert",
    "item_create",
    "item_detail",
    "item_list",
    "item_move",
    "meeting_brief",
    "meeting_detail",
    "meeting_list",
    "meeting_notice",
    "send_notice",
]
