"""The API's JSON parser takes every text in Unicode NFC, as forms do
(``steerco.ops.middleware.NormaliseUnicode``)."""

from rest_framework.parsers import JSONParser

from steerco.lib.names import nfc_document


class NFCJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        return nfc_document(super().parse(stream, media_type, parser_context))
