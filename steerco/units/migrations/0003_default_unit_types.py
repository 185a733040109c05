"""The default unit types: the built-in ones the code relies on, and
Vietnam's Party and State levels (before and after the 2025 reform)."""

from django.db import migrations

# code, built-in level it works as, name_vi, name_en
DEFAULT_TYPES = [
    ("city", "city", "Thành ủy", "City Party Committee"),
    ("organ", "organ", "Cơ quan tham mưu của cấp ủy", "Committee organ"),
    ("district", "district", "Đảng bộ cấp huyện", "District-level Party Committee"),
    ("bloc", "bloc", "Đảng bộ khối", "Bloc Party Committee"),
    ("agency", "agency", "Sở, ban, ngành", "Department or agency"),
    ("grassroots", "grassroots", "Tổ chức cơ sở đảng", "Grassroots Party organisation"),
    ("cell", "cell", "Chi bộ", "Party cell"),
    ("ward", "ward", "Đảng ủy xã, phường", "Commune or ward Party Committee"),
    ("tinh-uy", "city", "Tỉnh ủy", "Provincial Party Committee"),
    ("thanh-uy-tw", "city", "Thành ủy trực thuộc Trung ương", "Party Committee of a centrally-run city"),
    ("thanh-uy-tinh", "district", "Thành ủy trực thuộc tỉnh", "Party Committee of a provincial city"),
    ("huyen-uy", "district", "Huyện ủy", "Rural District Party Committee"),
    ("quan-uy", "district", "Quận ủy", "Urban District Party Committee"),
    ("thi-uy", "district", "Thị ủy", "Town Party Committee"),
    ("dang-uy-xa", "ward", "Đảng ủy xã", "Commune Party Committee"),
    ("dang-uy-phuong", "ward", "Đảng ủy phường", "Ward Party Committee"),
    ("dang-uy-dac-khu", "ward", "Đảng ủy đặc khu", "Special Zone Party Committee"),
    ("dang-bo", "grassroots", "Đảng bộ", "Party organisation"),
    ("chi-bo-co-so", "grassroots", "Chi bộ cơ sở", "Grassroots Party cell"),
    ("chi-bo-truc-thuoc", "cell", "Chi bộ trực thuộc", "Subordinate Party cell"),
    ("tinh", "", "Tỉnh, thành phố", "Province or centrally-run city (State)"),
    ("xa", "", "Xã, phường, đặc khu", "Commune, ward or special zone (State)"),
]


def add_defaults(apps, schema_editor):
    UnitTypeDefinition = apps.get_model("units", "UnitTypeDefinition")
    for order, (code, level, name_vi, name_en) in enumerate(DEFAULT_TYPES, start=1):
        UnitTypeDefinition.objects.get_or_create(
            code=code, defaults={"level": level, "name_vi": name_vi, "name_en": name_en, "sort_order": order}
        )
    # Units of a type no default names keep their code as a name until edited.
    Unit = apps.get_model("units", "Unit")
    known = set(UnitTypeDefinition.objects.values_list("code", flat=True))
    for code in set(Unit.objects.values_list("type", flat=True)) - known:
        UnitTypeDefinition.objects.create(code=code, name_vi=code, name_en=code, sort_order=len(DEFAULT_TYPES) + 1)


class Migration(migrations.Migration):
    dependencies = [("units", "0002_unit_types_are_data")]

    operations = [migrations.RunPython(add_defaults, migrations.RunPython.noop)]
