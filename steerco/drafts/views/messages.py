"""Why a draft could not be read, in the reader's language."""

from django.utils.translation import gettext as _

from ..core.reading import ReadError


def read_error(err: ReadError) -> str:
    texts = {
        "format": _("A draft must be a .docx, .txt, .md or .pdf file."),
        "encoding": _("The text file is not in UTF-8: save it as UTF-8 and try again."),
        "docx": _("The Word file cannot be opened: is it a .docx (not an old .doc) and not damaged?"),
        "pdf": _("The PDF file cannot be opened: it may be damaged."),
        "pdf_encrypted": _("The PDF file is protected by a password: remove the protection and try again."),
        "pdf_no_text": _("No text can be read from this PDF (a scanned page?): send the Word file or paste the text."),
        "size": _("The file is too large for a draft."),
    }
    return texts.get(err.code, _("The draft cannot be read."))
