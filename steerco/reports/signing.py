"""The digital signature of an issued report: PAdES (PDF Advanced
Electronic Signatures) made with pyHanko, and its verification.

Where the key is (settings.SIGNING, from the environment, docs/reports.md):

- a **PKCS#12 file** (``STEERCO_SIGN_PKCS12`` and its password): in
  development and tests;
- a **PKCS#11 token** (``STEERCO_SIGN_PKCS11_MODULE``, the token's label,
  the key's and certificate's labels and the PIN): the USB tokens of the
  Vietnamese certification authorities, or an HSM;
- neither, in the demo (``STEERCO_DEMO=1``): a test certificate made once
  in the data directory (``signing/demo.p12``), so that the demo signs;
- neither, elsewhere: reports are issued unsigned, and their page says so.

The visible signature sits where Hướng dẫn 36-HD/VPTW puts the signature:
in the right-hand column of the signature block, between the position
(*TRƯỞNG BAN*) and the signer's name. The PDF is rendered by the report's
own renderer (``render/html.py``, WeasyPrint); the space left for the
signature is found in the laid-out page, and the signature field is drawn
over it. The document number and date are printed before signing, so the
signature covers them.
"""

from __future__ import annotations

import contextlib
import datetime
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

SIGNATURE_FIELD = "ChuKy"
ANCHOR = "steerco-signature"
PX = 0.75  # a CSS pixel in PDF points
FONT_CANDIDATES = (  # Liberation 2 has the Vietnamese letters; Liberation 1 lacks some
    "/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
)


class SigningError(Exception):
    """The key or certificate cannot be used; the message says why."""


# -- rendering with the signature's place -------------------------------------
@dataclass(frozen=True)
class Place:
    page: int
    box: tuple[int, int, int, int]  # x1, y1, x2, y2 in PDF points, from the bottom left


def render_signable_pdf(document) -> tuple[bytes, Place | None]:
    """The PDF of ``document`` as the report's renderer makes it, and where
    its signature goes (None when the layout has no signature space)."""
    from weasyprint import HTML

    from .render.html import html_string

    html = html_string(document).replace('<div class="signspace">', f'<div class="signspace" id="{ANCHOR}">', 1)
    rendered = HTML(string=html).render()
    place = None
    for index, page in enumerate(rendered.pages):
        if ANCHOR in page.anchors:
            x1, y1, x2, y2 = page.anchors[ANCHOR]  # CSS pixels from the top left
            height = page.height * PX
            place = Place(index, (round(x1 * PX), round(height - y2 * PX), round(x2 * PX), round(height - y1 * PX)))
    return rendered.write_pdf(), place


# -- the signer -----------------------------------------------------------------
@contextlib.contextmanager
def configured_signer() -> Iterator[object | None]:
    """The pyHanko signer of settings.SIGNING, or None when none is set."""
    conf = settings.SIGNING
    if conf.get("PKCS11_MODULE"):
        from pyhanko.config.pkcs11 import PKCS11SignatureConfig, TokenCriteria
        from pyhanko.sign.pkcs11 import PKCS11SigningContext

        config = PKCS11SignatureConfig(
            module_path=conf["PKCS11_MODULE"],
            token_criteria=TokenCriteria(label=conf.get("PKCS11_TOKEN") or None),
            cert_label=conf.get("PKCS11_CERT") or conf.get("PKCS11_KEY") or None,
            key_label=conf.get("PKCS11_KEY") or None,
            user_pin=conf.get("PKCS11_PIN") or None,
        )
        try:
            with PKCS11SigningContext(config) as signer:
                yield signer
        except SigningError:
            raise
        except Exception as err:  # the token is absent, locked, or the PIN wrong
            raise SigningError(f"PKCS#11: {type(err).__name__}: {err}") from err
        return
    path = conf.get("PKCS12")
    password = conf.get("PKCS12_PASSWORD", "")
    if not path and settings.DEMO_MODE:
        path, password = demo_pkcs12(), DEMO_PASSWORD
    if not path:
        yield None
        return
    try:
        data = Path(path).read_bytes()
    except OSError as err:
        raise SigningError(f"{path}: {err.strerror}") from None
    yield load_pkcs12(data, password)


def load_pkcs12(data: bytes, password: str):
    from pyhanko.sign.signers import SimpleSigner

    try:
        signer = SimpleSigner.load_pkcs12_data(data, other_certs=[], passphrase=password.encode() if password else None)
    except ValueError:
        signer = None
    if signer is None:
        raise SigningError("The PKCS#12 file cannot be read (wrong password, or not a PKCS#12 file).")
    return signer


def signer_name(signer) -> str:
    cert = signer.signing_cert
    return cert.subject.native.get("common_name") or cert.subject.human_friendly


# -- signing ----------------------------------------------------------------------
def _stamp_font(path: str):
    """A font engine for the signature's text (Vietnamese needs a real
    font). pyHanko 0.38 writes the glyph widths (/W) in the font's own
    units, which PDF reads as thousandths of an em: a font of 2048 units
    per em (Liberation, DejaVu) comes out with letters twice as far apart.
    The engine below measures everything in thousandths instead."""
    from pyhanko.pdf_utils.font.opentype import GlyphAccumulator, GlyphAccumulatorFactory

    class PerMille(GlyphAccumulator):
        def _get_cid_and_width(self, glyph_id: int) -> tuple[int, int]:
            if glyph_id in self._glyphs:
                return self._glyphs[glyph_id]
            cid, width = super()._get_cid_and_width(glyph_id)
            self._glyphs[glyph_id] = result = cid, round(width * self._scale)
            return result

    class Factory(GlyphAccumulatorFactory):
        def create_font_engine(self, writer, obj_stream=None):
            engine = super().create_font_engine(writer, obj_stream)
            engine.__class__ = PerMille
            engine._scale = 1000 / engine.units_per_em
            engine.units_per_em = 1000
            engine.hb_font.scale = (1000, 1000)
            return engine

    return Factory(path, font_size=8)


def sign_pdf(pdf: bytes, signer, place: Place | None, *, reason: str, location: str, stamp: str) -> bytes:
    """Sign ``pdf`` (PAdES baseline B, SHA-256) with a visible signature
    at ``place``; ``stamp`` is the text shown in it (``%(signer)s`` and
    ``%(ts)s`` are filled in by pyHanko)."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.text import TextBoxStyle
    from pyhanko.sign import fields, signers
    from pyhanko.stamp import TextStampStyle

    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    spec = None
    if place is not None:
        spec = fields.SigFieldSpec(SIGNATURE_FIELD, on_page=place.page, box=place.box)
    meta = signers.PdfSignatureMetadata(
        field_name=SIGNATURE_FIELD,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        reason=reason,
        location=location,
        name=signer_name(signer),
    )
    font = next((p for p in FONT_CANDIDATES if Path(p).exists()), None)
    style = TextStampStyle(
        stamp_text=stamp,
        timestamp_format="%d/%m/%Y %H:%M:%S %z",
        text_box_style=TextBoxStyle(font=_stamp_font(font), font_size=8) if font else TextBoxStyle(),
        border_width=1,
    )
    pdf_signer = signers.PdfSigner(meta, signer=signer, stamp_style=style, new_field_spec=spec)
    out = pdf_signer.sign_pdf(writer)
    return out.getvalue()


# -- verification -------------------------------------------------------------------
@dataclass(frozen=True)
class Verification:
    signed: bool
    intact: bool = False  # the signed bytes are unchanged
    valid: bool = False  # the signature is mathematically valid for the signer's key
    trusted: bool = False  # the signer's certificate chains to a trusted root
    whole_file: bool = False  # nothing was added after the signature
    signer: str = ""
    signed_at: datetime.datetime | None = None
    problem: str = ""

    @property
    def ok(self) -> bool:
        return self.signed and self.intact and self.valid and self.whole_file


def trust_roots() -> list:
    """The certificates trusted to sign: settings.SIGNING["TRUST"] (PEM or
    DER files), plus the signing certificate in use."""
    from pyhanko.keys import load_cert_from_pemder

    roots = [load_cert_from_pemder(p) for p in settings.SIGNING.get("TRUST", ()) if p]
    with contextlib.suppress(SigningError, OSError), configured_signer() as signer:
        if signer is not None:
            roots.append(signer.signing_cert)
    return roots


def verify_pdf(data: bytes, roots: list | None = None) -> Verification:
    """Check the PDF's signature: who signed, when, and whether the file is
    unchanged since. A file that cannot be read is reported, not raised."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        signatures = reader.embedded_signatures
    except Exception as err:
        return Verification(signed=False, problem=f"{type(err).__name__}: {err}")
    if not signatures:
        return Verification(signed=False)
    embedded = signatures[0]
    roots = trust_roots() if roots is None else roots
    try:
        status = validate_pdf_signature(embedded, ValidationContext(trust_roots=roots, allow_fetching=False))
    except Exception as err:
        return Verification(signed=True, problem=f"{type(err).__name__}: {err}")
    from pyhanko.sign.validation.status import SignatureCoverageLevel

    cert = status.signing_cert
    return Verification(
        signed=True,
        intact=bool(status.intact),
        valid=bool(status.valid),
        trusted=bool(status.trusted),
        whole_file=status.coverage == SignatureCoverageLevel.ENTIRE_FILE,
        signer=(cert.subject.native.get("common_name") or cert.subject.human_friendly) if cert else "",
        signed_at=status.signer_reported_dt,
    )


# -- a test certificate ------------------------------------------------------------
DEMO_PASSWORD = "demo"  # noqa: S105 - the demo's own throw-away certificate


def make_test_pkcs12(name: str, password: str, *, organisation: str = "steerco (test)") -> tuple[bytes, bytes]:
    """A self-signed signing certificate and its key as PKCS#12, and the
    certificate as PEM: for tests and the demo, never for real reports."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.hazmat.primitives.serialization import pkcs12
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)  # RSA, as the CAs' tokens
    subject = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
            x509.NameAttribute(NameOID.COMMON_NAME, name),
        ]
    )
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.CODE_SIGNING]), critical=False)
        .sign(key, hashes.SHA256())
    )
    encryption = serialization.BestAvailableEncryption(password.encode()) if password else serialization.NoEncryption()
    p12 = pkcs12.serialize_key_and_certificates(name.encode(), key, cert, None, encryption)
    return p12, cert.public_bytes(serialization.Encoding.PEM)


def demo_pkcs12() -> str:
    """The demo's certificate, made on first use in the data directory."""
    path = Path(settings.DATA_DIR) / "signing" / "demo.p12"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        p12, pem = make_test_pkcs12("Nguyễn Văn Demo (chứng thư thử nghiệm)", DEMO_PASSWORD)
        path.write_bytes(p12)
        path.with_suffix(".pem").write_bytes(pem)
    return str(path)
