"""The admin's read-only shape: a record shown to the administrator and
never written from the admin (evidence, logs, tables kept by the code)."""


class ReadOnlyAdminMixin:
    """Put first among a ModelAdmin's bases: no add, change or delete."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
