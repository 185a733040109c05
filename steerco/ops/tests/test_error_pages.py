"""Error pages speak the user's language and never show Django's technical
pages: a wrong address, a refused action and a server error each get a
page of ours, in Vietnamese by default (issue 17)."""

from django.core.exceptions import PermissionDenied
from django.test import Client, TestCase, override_settings
from django.urls import path

from steerco import urls as project_urls


def _refuse(request):
    raise PermissionDenied


def _fail(request):
    raise RuntimeError("boom")


urlpatterns = [
    *project_urls.urlpatterns,
    path("test-refused/", _refuse),
    path("test-failed/", _fail),
]


@override_settings(ROOT_URLCONF=__name__, DEBUG=False)
class ErrorPagesTests(TestCase):
    def test_debug_is_off_unless_asked_for(self):
        from steerco import settings as project_settings

        assert project_settings.DEBUG is False

    def test_a_wrong_address_gets_a_vietnamese_page_not_the_technical_404(self):
        response = self.client.get("/no-such-page/")
        page = response.content.decode()
        assert response.status_code == 404
        assert "Không tìm thấy trang" in page
        assert "Using the URLconf" not in page

    def test_a_refusal_gets_a_vietnamese_page_not_a_bare_403(self):
        response = self.client.get("/test-refused/")
        assert response.status_code == 403
        assert "Không được phép" in response.content.decode()

    def test_a_server_error_gets_a_calm_page(self):
        client = Client(raise_request_exception=False)
        response = client.get("/test-failed/")
        assert response.status_code == 500
        page = response.content.decode()
        assert "Đã xảy ra lỗi" in page and "boom" not in page

    def test_the_english_pages_are_english(self):
        self.client.cookies.load({"django_language": "en"})
        page = self.client.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
        assert "Page not found" in page
