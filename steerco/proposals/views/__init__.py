from .items import attachment_download, item_attach, item_convert, item_create, item_detail, item_list, item_move

__all__ = [
    "attachment_download",
    "item_attach",
    "item_convert",
    "item_create",
    "item_detail",
    "item_list",
    "item_move",
]
