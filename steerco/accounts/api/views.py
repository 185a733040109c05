"""The caller's own API tokens: list, create (the key is in the answer,
once), revoke. ``/api/token/`` trades a user name and password for a new
token (throttled by django-axes like the login page)."""

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.response import Response

from ..models import ApiToken
from .serializers import ApiTokenSerializer, NewApiTokenSerializer


class ApiTokenViewSet(
    mixins.ListModelMixin, mixins.CreateModelMixin, mixins.DestroyModelMixin, viewsets.GenericViewSet
):
    """Your API tokens. Another user's token answers 404, like a missing one."""

    serializer_class = ApiTokenSerializer
    pagination_class = None

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ApiToken.objects.none()
        return ApiToken.objects.filter(user=self.request.user)

    @extend_schema(request=ApiTokenSerializer, responses={201: NewApiTokenSerializer})
    def create(self, request, *args, **kwargs):
        data = ApiTokenSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        token, key = ApiToken.issue(
            request.user, data.validated_data["name"], data.validated_data.get("expires_in_days")
        )
        token.key = key
        return Response(NewApiTokenSerializer(token).data, status=status.HTTP_201_CREATED)


class ObtainApiToken(ObtainAuthToken):
    """A new token (named "api", expiring after STEERCO_API_TOKEN_DAYS) for
    the user name and password posted; each call makes a new one."""

    @extend_schema(request=AuthTokenSerializer, responses={200: NewApiTokenSerializer})
    def post(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        token, key = ApiToken.issue(serializer.validated_data["user"], str(_("API")), settings.API_TOKEN_DAYS)
        return Response({"token": key, "id": token.pk, "expires_at": token.expires_at})
