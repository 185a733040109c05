"""The API's JSON parser takes every text in Unicode NFC, as forms do
(``steerco.ops.middleware.NormaliseUnicode``), and refuses a NUL character
anywhere in the document: PostgreSQL can neither store nor compare it, and
it is never legitimate input (``steerco.ops.hostile_input`` refuses it in
paths, query strings and forms)."""

from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

from steerco.lib.names import nfc_document


def _has_nul(node) -> bool:
    if isinstance(node, str):
        return "\x00" in node
    if isinstance(node, dict):
        return any(_has_nul(key) or _has_nul(value) for key, value in node.items())
    if isinstance(node, list):
        return any(_has_nul(value) for value in node)
    return False


class NFCJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        document = super().parse(stream, media_type, parser_context)
        if _has_nul(document):
            raise ParseError(_("The request contains a NUL character, which is never valid input."))
        return nfc_document(document)
