from django.db import transaction
from rest_framework import mixins, viewsets
from rest_framework.exceptions import PermissionDenied, ValidationError

from steerco.audit.history import stamp

from ..models import Unit, level_of
from ..models.unit import UnitType
from .serializers import UnitSerializer

# Who may add units or change them (in their subtree) is the access policy's
# "units.manage" (accounts.policy); everyone else reads.
MANAGE = "units.manage"
# The level of each unit type in the tree: a unit's type ranks below its
# parent's, so a district's secretariat adds grassroots organisations and
# cells, never a city or another district.
LEVEL = {
    UnitType.CITY: 0,
    UnitType.ORGAN: 1,
    UnitType.DISTRICT: 1,
    UnitType.BLOC: 1,
    UnitType.AGENCY: 1,
    UnitType.WARD: 2,
    UnitType.GRASSROOTS: 2,
    UnitType.CELL: 3,
}


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
        return self.request.access.units(MANAGE)

    def perform_create(self, serializer):
        parent = serializer.validated_data.get("parent")
        if parent is None or not self.managed().filter(pk=parent.pk).exists():
            raise PermissionDenied("You may add units only under a unit you manage.")
        self._check_level(serializer.validated_data.get("type"), parent)
        self._save(serializer)

    def perform_update(self, serializer):
        unit = serializer.instance
        data = serializer.validated_data
        parent = data.get("parent", unit.parent)
        managed = self.managed()
        if not managed.filter(pk=unit.pk).exists() or (
            parent is not None and not managed.filter(pk=parent.pk).exists()
        ):
            raise PermissionDenied("You may change only units you manage.")
        # A unit's code and type are its place in the tree: only those who
        # manage the level above (its parent) change them.
        moved = data.get("code", unit.code) != unit.code or data.get("type", unit.type) != unit.type
        if moved and (unit.parent is None or not managed.filter(pk=unit.parent_id).exists()):
            raise PermissionDenied("Only those who manage the unit above may change a unit's code or type.")
        self._check_level(data.get("type", unit.type), parent)
        self._save(serializer)

    @staticmethod
    def _rank(type_code) -> int | None:
        """A built-in type's level, or the level a type of the unit file
        says it works as (``UnitTypeDefinition.level``); None if neither."""
        return LEVEL.get(level_of(type_code))

    @classmethod
    def _check_level(cls, unit_type, parent) -> None:
        if parent is None:
            return
        rank, above = cls._rank(unit_type), cls._rank(parent.type)
        if rank is not None and above is not None and rank <= above:
            raise ValidationError({"type": [f"A unit of type {unit_type} cannot stand under a {parent.type}."]})

    def _save(self, serializer):
        unit = serializer.instance or Unit()
        for name, value in serializer.validated_data.items():
            setattr(unit, name, value)
        stamp(unit, acting_user=self.request.user, reason=f"api: {self.request.method} {self.request.path}")
        with transaction.atomic():  # a Django ValidationError is a 400 (steerco.api_errors)
            unit.full_clean()
            unit.save()
        serializer.instance = unit
