import unicodedata

from steerco.lib.names import name_key, nfc, nfc_document, same_name


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def test_nfc_on_the_way_in_keys_and_values():
    document = {nfd("tên"): [nfd("Thanh Hóa"), 3, None], "x": {"y": nfd("Thủy")}}
    assert nfc_document(document) == {"tên": ["Thanh Hóa", 3, None], "x": {"y": "Thủy"}}
    assert nfc(nfd("Hoằng Hóa")) == "Hoằng Hóa"


def test_tone_placement_case_spacing_and_unicode_form_do_not_count():
    for a, b in [
        ("Thanh Hoá", "Thanh Hóa"),
        ("Thuỷ Nguyên", "Thủy Nguyên"),
        ("HOẰNG HOÁ", "Hoằng Hóa"),
        (nfd("Thanh Hoá"), "thanh  hóa"),
        ("Quỳnh Lưu", nfd("quỳnh lưu")),
        ("Khoẻ", "Khỏe"),
    ]:
        assert same_name(a, b), (a, b)


def test_tones_and_vowel_marks_still_count_unless_diacritics_are_ignored():
    assert not same_name("Hòa", "Hóa")  # another tone
    assert not same_name("Hoằng", "Hoàng")  # breve against none
    assert not same_name("Đông", "Dong")
    assert same_name("Đông Sơn", "dong son", diacritics=False)
    assert same_name("Hoằng Hóa", "Hoang Hoa", diacritics=False)
    assert name_key("Thanh Hoá", diacritics=False) == "thanh hoa"
