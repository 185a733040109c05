import shutil
import tempfile
from pathlib import Path

from django.test import override_settings


class TemporaryMedia:
    """Each test class writes its result files to its own temporary folder."""

    @classmethod
    def setUpClass(cls):
        cls._media = tempfile.mkdtemp(prefix="steerco-media-")
        cls._media_override = override_settings(MEDIA_ROOT=cls._media)
        cls._media_override.enable()
        super().setUpClass()

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        cls._media_override.disable()
        shutil.rmtree(cls._media, ignore_errors=True)

    def media_files(self):
        return (p for p in Path(self._media).rglob("*") if p.is_file())
