"""Signing with a PKCS#11 token, as with a Vietnamese CA's USB token:
SoftHSM stands for the token (skipped where SoftHSM is not installed)."""

import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from unittest import SkipTest

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.serialization import pkcs12
from django.test import override_settings

from ..issuing import issue_report
from ..signing import configured_signer, make_test_pkcs12, verify_pdf
from .base import WHEN, ReportTestCase

MODULES = ("/usr/lib/softhsm/libsofthsm2.so", "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so")
TOKEN, PIN, SO_PIN, LABEL = "steerco-test", "123456", "12345678", "ky-so"
NAME = "Trần Thị Token"


class Pkcs11SigningTests(ReportTestCase):
    @classmethod
    def setUpClass(cls):
        cls.module = next((m for m in MODULES if Path(m).exists()), None)
        if cls.module is None or shutil.which("softhsm2-util") is None:
            raise SkipTest("SoftHSM is not installed (apt-get install softhsm2)")
        cls.tmp = tempfile.TemporaryDirectory()
        root = Path(cls.tmp.name)
        (root / "tokens").mkdir()
        conf = root / "softhsm2.conf"
        conf.write_text(f"directories.tokendir = {root / 'tokens'}\nobjectstore.backend = file\n")
        cls._old_env = os.environ.get("SOFTHSM2_CONF")
        os.environ["SOFTHSM2_CONF"] = str(conf)
        util = ["softhsm2-util"]
        subprocess.run(  # noqa: S603 - our own fixed arguments
            [*util, "--init-token", "--free", "--label", TOKEN, "--so-pin", SO_PIN, "--pin", PIN],
            check=True,
            capture_output=True,
        )
        p12, _pem = make_test_pkcs12(NAME, "")
        key, cert, _extra = pkcs12.load_key_and_certificates(p12, None)
        key_file = root / "key.pem"
        key_file.write_bytes(
            key.private_bytes(
                serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            )
        )
        subprocess.run(  # noqa: S603 - our own fixed arguments
            [*util, "--import", str(key_file), "--token", TOKEN, "--label", LABEL, "--id", "01", "--pin", PIN],
            check=True,
            capture_output=True,
        )
        cls.cert = cert
        cls._store_certificate(cert)
        super().setUpClass()

    @classmethod
    def _store_certificate(cls, cert: x509.Certificate) -> None:
        import pkcs11
        from pkcs11 import Attribute, CertificateType, ObjectClass

        lib = pkcs11.lib(cls.module)
        token = lib.get_token(token_label=TOKEN)
        with token.open(rw=True, user_pin=PIN) as session:
            session.create_object(
                {
                    Attribute.CLASS: ObjectClass.CERTIFICATE,
                    Attribute.CERTIFICATE_TYPE: CertificateType.X_509,
                    Attribute.TOKEN: True,
                    Attribute.LABEL: LABEL,
                    Attribute.ID: b"\x01",
                    Attribute.SUBJECT: cert.subject.public_bytes(),
                    Attribute.VALUE: cert.public_bytes(serialization.Encoding.DER),
                }
            )

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        if cls._old_env is None:
            os.environ.pop("SOFTHSM2_CONF", None)
        else:
            os.environ["SOFTHSM2_CONF"] = cls._old_env
        cls.tmp.cleanup()

    def test_the_token_signs_the_issued_pdf(self):
        conf = {"PKCS11_MODULE": self.module, "PKCS11_TOKEN": TOKEN, "PKCS11_KEY": LABEL, "PKCS11_PIN": PIN}
        with override_settings(SIGNING=conf), configured_signer() as signer:
            report = issue_report(
                self.programme, "2023-H1", "vi", now=WHEN, signer=signer, acting_user=self.secretariat
            )
        root = asn1_x509.Certificate.load(self.cert.public_bytes(serialization.Encoding.DER))
        result = verify_pdf(bytes(report.files.get(format="pdf").content), roots=[root])
        assert result.ok and result.trusted and result.signer == NAME
        assert report.signed_by == NAME
