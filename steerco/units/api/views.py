from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from rest_framework import mixins, viewsets
from rest_framework.exceptions import PermissionDenied, ValidationError

from steerco.accounts.models import Role
from steerco.audit.history import stamp

from ..models import Unit
from .serializers import UnitSerializer

# Who may add units or change them (in their subtree); everyone else reads.
MANAGING_ROLES = (Role.SECRETARIAT, Role.ADMIN)


class UnitViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):  # fmt: skip
    """Units the caller may see (their roles' subtrees), looked up by code.
    The secretariat (or an administrator) adds units under, and changes
    units within, their own subtree; units are never deleted (end their
    validity instead)."""

    serializer_class = UnitSerializer
    lookup_field = "code"
    lookup_value_regex = "[A-Z0-9_.-]+"

    def get_queryset(self):
        return Unit.objects.visible_to(self.request.user).select_related("parent").order_by("path")

    def managed(self):
        return Unit.objects.visible_to(self.request.user, roles=MANAGING_ROLES)

    def perform_create(self, serializer):
        parent = serializer.validated_data.get("parent")
        if parent is None or not self.managed().filter(pk=parent.pk).exists():
            raise PermissionDenied("You may add units only under a unit you manage.")
        self._save(serializer)

    def perform_update(self, serializer):
        parent = serializer.validated_data.get("parent", serializer.instance.parent)
        managed = self.managed()
        if not managed.filter(pk=serializer.instance.pk).exists() or (
            parent is not None and not managed.filter(pk=parent.pk).exists()
        ):
            raise PermissionDenied("You may change only units you manage.")
        self._save(serializer)

    def _save(self, serializer):
        unit = serializer.instance or Unit()
        for name, value in serializer.validated_data.items():
            setattr(unit, name, value)
        stamp(unit, acting_user=self.request.user, reason=f"api: {self.request.method} {self.request.path}")
        try:
            with transaction.atomic():
                unit.full_clean()
                unit.save()
        except DjangoValidationError as err:
            raise ValidationError(err.message_dict if hasattr(err, "error_dict") else err.messages) from None
        serializer.instance = unit
